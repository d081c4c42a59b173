package dev.warden.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.oip.InferRequest;
import dev.warden.runtime.InferenceException.Status;
import dev.warden.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport-neutral request path on the real CNN: each refusal has its status, reason and message. */
class InferenceServiceTest {
    static final String KEY = "service-test-key";

    static Path policy(Path dir, String sections) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "version: 1\nmodels:\n  - {name: fashion-cnn, path: " + ServiceFixture.REPO.resolve("models/fashion-cnn.onnx")
                + "}\naccounts: [{id: acme, keySha256: " + Accounts.sha256(KEY) + ", tier: scores}]\n" + sections);
        return file;
    }

    static InferenceException refused(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(InferenceException.class);
        return (InferenceException) t;
    }

    static void check(InferenceException e, Status status, String reason, String message) {
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void answersWithTheRouteVersionAndTheTiersOutputs(@TempDir Path dir) throws Exception {
        try (ServiceFixture f = new ServiceFixture(policy(dir, "anonymous: {allowed: true, tier: label}\ndefenses: [{type: validate}]\n"))) {
            InferenceResult r = f.infer("fashion-cnn", null, ServiceFixture.images("q1", Map.of(), 0, 1));
            assertThat(r.model()).isEqualTo("fashion-cnn");
            assertThat(r.version()).isEqualTo("1");
            assertThat(r.id()).isEqualTo("q1");
            assertThat(r.outputs()).extracting(Tensor::name).containsExactly("label", "class");
            assertThat(r.decision().answered()).isTrue();
            InferenceResult keyed = f.service.infer(new Credentials(KEY, "192.0.2.9", null), "fashion-cnn", "1", ServiceFixture.image(0));
            assertThat(keyed.outputs()).extracting(Tensor::name).containsExactly("logits");
        }
    }

    @Test
    void unknownModelsVersionsAndKeysAreRefusedBeforeTheRequestIsRead(@TempDir Path dir) throws Exception {
        try (ServiceFixture f = new ServiceFixture(policy(dir, "anonymous: {allowed: false}\ndefenses: [{type: validate}]\n"))) {
            java.util.function.Supplier<InferRequest> unread = () -> {
                throw new AssertionError("the request was read");
            };
            check(refused(() -> f.service.infer(ServiceFixture.ANONYMOUS, "nope", null, unread)), Status.NOT_FOUND, "model_not_found",
                    "model 'nope' not found");
            check(refused(() -> f.service.infer(ServiceFixture.ANONYMOUS, "fashion-cnn", "7", unread)), Status.NOT_FOUND, "model_not_found",
                    "model 'fashion-cnn' has no version '7'");
            check(refused(() -> f.service.infer(ServiceFixture.ANONYMOUS, "fashion-cnn", null, unread)), Status.UNAUTHENTICATED,
                    "api_key_required", "an API key is required");
            check(refused(() -> f.service.infer(new Credentials("wrong", "192.0.2.1", null), "fashion-cnn", null, unread)),
                    Status.UNAUTHENTICATED, "invalid_api_key", "invalid API key");
            check(refused(() -> f.service.metadata(ServiceFixture.ANONYMOUS, "fashion-cnn", null)), Status.UNAUTHENTICATED,
                    "api_key_required", "an API key is required");
            assertThat(f.service.metadata(new Credentials(KEY, "192.0.2.1", null), "fashion-cnn", null).version()).isEqualTo("1");
        }
    }

    @Test
    void theRateLimiterIsAskedForOneTokenPerImage(@TempDir Path dir) throws Exception {
        List<Long> asked = new ArrayList<>();
        try (ServiceFixture f = new ServiceFixture(policy(dir, "anonymous: {allowed: true, tier: label}\ndefenses: [{type: validate}]\n"),
                ModelPool.DEFAULT_CLOSE_GRACE, (account, images, limit) -> {
                    asked.add(images);
                    return images > 2 ? 7 : 0;
                })) {
            assertThat(f.infer("fashion-cnn", null, ServiceFixture.images("b", Map.of(), 0, 1)).decision().answered()).isTrue();
            InferenceException e = refused(() -> f.infer("fashion-cnn", null, ServiceFixture.images("b", Map.of(), 0, 1, 2)));
            check(e, Status.RATE_LIMITED, "rate_limited", "rate limit exceeded for this account");
            assertThat(e.retryAfterSeconds()).isEqualTo(7);
            assertThat(asked).containsExactly(2L, 3L);
        }
    }

    @Test
    void streamParametersAndDuplicateInputsAreChecked(@TempDir Path dir) throws Exception {
        try (ServiceFixture f = new ServiceFixture(policy(dir, "anonymous: {allowed: true, tier: label}\ndefenses: [{type: validate}]\n"))) {
            check(refused(() -> f.infer("fashion-cnn", null, ServiceFixture.images("s", Map.of("stream_id", "cam"), 0))),
                    Status.INVALID, "bad_request", "parameters stream_id and frame_index go together");
            check(refused(() -> f.infer("fashion-cnn", null, ServiceFixture.images("s", Map.of("stream_id", "a b", "frame_index", 1L), 0))),
                    Status.INVALID, "bad_request", "parameter stream_id must have 1 to 128 characters");
            check(refused(() -> f.infer("fashion-cnn", null, ServiceFixture.images("s", Map.of("stream_id", 5L, "frame_index", 1L), 0))),
                    Status.INVALID, "bad_request", "parameter stream_id must be a string");
            check(refused(() -> f.infer("fashion-cnn", null, ServiceFixture.images("s", Map.of("stream_id", "cam", "frame_index", "x"), 0))),
                    Status.INVALID, "bad_request", "parameter frame_index must be an integer");
            Tensor t = ServiceFixture.image(0).inputs().get(0);
            check(refused(() -> f.infer("fashion-cnn", null, new InferRequest("d", Map.of(), List.of(t, t), List.of()))),
                    Status.INVALID, "duplicate_input", "input 'input' is given twice");
            assertThat(f.infer("fashion-cnn", null, ServiceFixture.images("s", Map.of("stream_id", "cam-1", "frame_index", 0L), 0))
                    .decision().answered()).isTrue();
        }
    }

    @Test
    void theGuardsRefusalsCarryTheirDecision(@TempDir Path dir) throws Exception {
        try (ServiceFixture f = new ServiceFixture(policy(dir, "anonymous: {allowed: true, tier: label}\ndefenses: [{type: validate}, {type: query}]\n"))) {
            double[] bright = ServiceFixture.TEST.image(0).clone();
            bright[5] = 1.7;
            InferenceException invalid = refused(() -> f.infer("fashion-cnn", null,
                    new InferRequest("v", Map.of(), List.of(Tensor.fp32("input", new long[]{1, 1, 28, 28}, bright)), List.of())));
            check(invalid, Status.INVALID, "out_of_range", "element 5 = 1.7 is outside the model's input range");
            assertThat(invalid.decision().defense()).isEqualTo("validate");

            f.infer("fashion-cnn", null, ServiceFixture.image(3));
            double[] near = ServiceFixture.TEST.image(3).clone();
            near[400] += near[400] > 0.5 ? -0.02 : 0.02;
            InferenceException copy = refused(() -> f.infer("fashion-cnn", null,
                    new InferRequest("c", Map.of(), List.of(Tensor.fp32("input", new long[]{1, 1, 28, 28}, near)), List.of())));
            check(copy, Status.REJECTED, "query_attack", "");
            assertThat(copy.decision().defense()).isEqualTo("query");
        }
    }

    @Test
    void aFullExecutorIsBusy(@TempDir Path dir) throws Exception {
        var closed = Executors.newSingleThreadExecutor();
        closed.shutdown();
        try (ServiceFixture f = new ServiceFixture(policy(dir, "anonymous: {allowed: true, tier: label}\ndefenses: [{type: validate}]\n"))) {
            InferenceService busy = new InferenceService(f.live::current, (a, i, l) -> 0, closed, java.time.Clock.systemUTC());
            InferenceException e = refused(() -> busy.infer(ServiceFixture.ANONYMOUS, "fashion-cnn", null, ServiceFixture.image(0)));
            check(e, Status.BUSY, "busy", "server busy: too many inferences in progress");
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
        }
    }

    /** What one {@link InferenceService#inferAsync} call delivered, and on which threads. */
    static final class Delivered implements InferenceService.Completion {
        final java.util.concurrent.CountDownLatch once = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        volatile InferenceResult result;
        volatile RuntimeException failure;
        volatile Thread thread;

        @Override
        public void done(InferenceResult result, RuntimeException failure) {
            this.result = result;
            this.failure = failure;
            this.thread = Thread.currentThread();
            calls.incrementAndGet();
            once.countDown();
        }

        Delivered await() throws InterruptedException {
            assertThat(once.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("delivered").isTrue();
            return this;
        }
    }

    @Test
    void inferAsyncAnswersAsInferDoesOnTheInferenceThreadAndRefusesBeforeTheGuardOnTheCallersThread(@TempDir Path dir) throws Exception {
        try (ServiceFixture f = new ServiceFixture(policy(dir, "anonymous: {allowed: true, tier: label}\ndefenses: [{type: validate}]\n"))) {
            InferenceResult sync = f.service.infer(new Credentials(KEY, "192.0.2.9", null), "fashion-cnn", null, ServiceFixture.image(4));
            Delivered d = new Delivered();
            f.service.inferAsync(new Credentials(KEY, "192.0.2.9", null), "fashion-cnn", null, () -> ServiceFixture.image(4), d);
            d.await();
            assertThat(d.failure).isNull();
            assertThat(d.thread).isNotSameAs(Thread.currentThread());
            assertThat(d.result.outputs()).extracting(Tensor::name).containsExactly("logits");
            assertThat(d.result.outputs().get(0).values()).containsExactly(sync.outputs().get(0).values());

            Delivered unknown = new Delivered();
            f.service.inferAsync(ServiceFixture.ANONYMOUS, "nope", null, () -> ServiceFixture.image(0), unknown);
            assertThat(unknown.await().thread).isSameAs(Thread.currentThread());
            check((InferenceException) unknown.failure, Status.NOT_FOUND, "model_not_found", "model 'nope' not found");

            var closed = Executors.newSingleThreadExecutor();
            closed.shutdown();
            InferenceService busy = new InferenceService(f.live::current, (a, i, l) -> 0, closed, java.time.Clock.systemUTC());
            Delivered refused = new Delivered();
            busy.inferAsync(ServiceFixture.ANONYMOUS, "fashion-cnn", null, () -> ServiceFixture.image(0), refused);
            check((InferenceException) refused.await().failure, Status.BUSY, "busy", "server busy");
        }
    }

    @Test
    void inferAsyncTimesOutAtTheTimeLimitAndDeliversOnlyOnce(@TempDir Path dir) throws Exception {
        var stuck = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        stuck.submit(() -> {
            release.await();
            return null;
        });
        try (ServiceFixture f = new ServiceFixture(policy(dir, "anonymous: {allowed: true, tier: label}\nserver: {requestTimeoutMillis: 200}\n"
                + "defenses: [{type: validate}]\n"))) {
            InferenceService slow = new InferenceService(f.live::current, (a, i, l) -> 0, stuck, java.time.Clock.systemUTC());
            Delivered d = new Delivered();
            long start = System.nanoTime();
            slow.inferAsync(ServiceFixture.ANONYMOUS, "fashion-cnn", null, () -> ServiceFixture.image(0), d);
            check((InferenceException) d.await().failure, Status.TIMEOUT, "timeout", "inference timed out after 200 ms");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
            release.countDown();
            stuck.shutdown();
            assertThat(stuck.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(d.calls.get()).isEqualTo(1);
        } finally {
            release.countDown();
            stuck.shutdownNow();
        }
    }

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxy() {
        assertThat(new Credentials(null, "10.0.0.1", "198.51.100.7, 203.0.113.5").sourceAddress(List.of("10.0.0.1"))).isEqualTo("203.0.113.5");
        assertThat(new Credentials(null, "10.0.0.2", "203.0.113.5").sourceAddress(List.of("10.0.0.1"))).isEqualTo("10.0.0.2");
        assertThat(new Credentials(null, "10.0.0.2", "203.0.113.5").sourceAddress(List.of())).isEqualTo("10.0.0.2");
        assertThat(Credentials.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(Credentials.bearer(null)).isNull();
        check(refused(() -> Credentials.bearer("Basic abc")), Status.UNAUTHENTICATED, "invalid_api_key", "must be 'Bearer <key>'");
    }
}
