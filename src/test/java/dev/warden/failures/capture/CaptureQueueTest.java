package dev.warden.failures.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureClass;
import dev.warden.failures.CandidateRecorder;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import dev.warden.guard.Exchange;
import dev.warden.guard.Query;
import dev.warden.guard.Reveal;
import dev.warden.guard.Signal;
import dev.warden.guard.Tier;
import dev.warden.model.ModelMetadata;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CaptureQueueTest {
    static final ModelMetadata MODEL = new ModelMetadata("fashion-cnn", "1", null, List.of(), List.of(), null, null, null, null, null, null, null);
    static final Tier TIER = new Tier(Reveal.LABEL, 1, null, false, false);

    static Exchange exchange(double value) {
        return exchange(value, "k1");
    }

    static Exchange exchange(double value, String account) {
        double[] pixels = new double[784];
        java.util.Arrays.fill(pixels, value);
        Query q = Query.of("fashion-cnn", new Account(account, "label", false),
                Map.of("input", Tensor.fp32("input", new long[] {1, 1, 28, 28}, pixels)), Instant.EPOCH);
        return new Exchange(q, MODEL, TIER);
    }

    static final int MAX_RECORDS = 10_000;
    static final long MAX_BYTES = 64L << 20;

    /** A recorder that keeps what it is given. */
    static CandidateRecorder collecting(List<FailureCase> stored) {
        return (c, bounds) -> {
            stored.add(c);
            return CandidateRecorder.Captured.stored("WFD-2025-0000" + stored.size(), 0);
        };
    }

    static Decision flaggedBy(String defense) {
        Signal s = Signal.flag(defense, 0.9, "similar_queries", "many near-duplicate queries");
        return new Decision(Action.FLAG, s.reason(), s.message(), defense, List.of(s), null);
    }

    @Test
    void flaggedQueriesBecomeCandidatesOnceAndValidationRejectsDoNot() throws Exception {
        List<FailureCase> stored = new CopyOnWriteArrayList<>();
        CandidateRecorder recorder = collecting(stored);
        try (CaptureQueue capture = new CaptureQueue(() -> recorder, 16, 100, MAX_RECORDS, MAX_BYTES, new SimpleMeterRegistry())) {
            capture.onDecision(exchange(0.1), flaggedBy("query"));
            capture.onDecision(exchange(0.1), flaggedBy("query"));
            capture.onDecision(exchange(0.2), flaggedBy("ood"));
            capture.onDecision(exchange(0.3), new Decision(Action.INVALID, "out_of_range", "x", "validate", List.of(), null));
            capture.onDecision(exchange(0.4), Decision.allow(List.of()));
            capture.close(Duration.ofSeconds(5));
        }
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).record().failureClass()).isEqualTo(FailureClass.DIGITAL_EVASION);
        assertThat(stored.get(0).record().evidence().inputs()).hasSize(1);
        assertThat(stored.get(0).record().evidence().observed().path("reason").asText()).isEqualTo("similar_queries");
        assertThat(stored.get(1).record().failureClass()).isEqualTo(FailureClass.OUT_OF_DISTRIBUTION);
    }

    @Test
    void anAccountGetsAtMostItsHourlyBudgetOfCandidatesOthersKeepTheirs() throws Exception {
        List<FailureCase> stored = new CopyOnWriteArrayList<>();
        CandidateRecorder recorder = collecting(stored);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (CaptureQueue capture = new CaptureQueue(() -> recorder, 64, 3, MAX_RECORDS, MAX_BYTES, metrics)) {
            for (int i = 0; i < 10; i++) capture.onDecision(exchange(0.01 * i, "attacker"), flaggedBy("query"));
            for (int i = 0; i < 2; i++) capture.onDecision(exchange(0.5 + 0.01 * i, "other"), flaggedBy("query"));
            capture.close(Duration.ofSeconds(5));
        }
        assertThat(stored).hasSize(5);
        assertThat(stored.stream().filter(c -> c.record().reporter().equals("capture:attacker"))).hasSize(3);
        assertThat(metrics.get("warden.failures.capture").tag("result", "limited").counter().count()).isEqualTo(7);
    }

    @Test
    void manyAccountsTogetherStayWithinTheOverallBoundTheOldestGoingFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        dev.warden.failures.store.JdbcFailureStore store = dev.warden.failures.store.JdbcFailureStore.open("jdbc:sqlite:" + dir.resolve("f.db"));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // Sybil accounts: each within its hourly budget, together past the overall bound of 5.
        try (CaptureQueue capture = new CaptureQueue(() -> store, 64, 100, 5, MAX_BYTES, metrics)) {
            for (int i = 0; i < 8; i++) capture.onDecision(exchange(0.1 * i, "sybil-" + i), flaggedBy("query"));
            capture.close(Duration.ofSeconds(10));
        }
        var kept = store.list(new dev.warden.failures.store.RecordFilter(null, null, null, null, 100));
        assertThat(kept).extracting(r -> r.reporter()).containsExactly("capture:sybil-3", "capture:sybil-4", "capture:sybil-5",
                "capture:sybil-6", "capture:sybil-7");
        assertThat(metrics.get("warden.failures.capture").tag("result", "stored").counter().count()).isEqualTo(8);
        assertThat(metrics.get("warden.failures.capture").tag("result", "pruned").counter().count()).isEqualTo(3);
        assertThat(metrics.get("warden.failures.capture").tag("result", "refused").counter().count()).isZero();
    }

    @Test
    void aCandidateLargerThanTheByteBoundIsRefusedAndCounted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        dev.warden.failures.store.JdbcFailureStore store = dev.warden.failures.store.JdbcFailureStore.open("jdbc:sqlite:" + dir.resolve("f.db"));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (CaptureQueue capture = new CaptureQueue(() -> store, 64, 100, 5, 1_000, metrics)) {
            capture.onDecision(exchange(0.5, "a"), flaggedBy("query"));     // 3,136 bytes of FP32 pixels alone
            capture.close(Duration.ofSeconds(10));
        }
        assertThat(store.count()).isZero();
        assertThat(metrics.get("warden.failures.capture").tag("result", "refused").counter().count()).isEqualTo(1);
    }

    @Test
    void aBatchWithWithheldImagesIsRecordedAsThoseImagesOnly() throws Exception {
        List<FailureCase> stored = new CopyOnWriteArrayList<>();
        CandidateRecorder recorder = collecting(stored);
        double[] pixels = new double[3 * 784];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (i / 784) * 0.25;
        Tensor batch = Tensor.fp32("input", new long[] {3, 1, 28, 28}, pixels);
        Exchange e = new Exchange(Query.of("fashion-cnn", new Account("k1", "label", false), Map.of("input", batch), Instant.EPOCH), MODEL, TIER);
        e.withhold(1, "out_of_distribution");
        try (CaptureQueue capture = new CaptureQueue(() -> recorder, 16, 100, MAX_RECORDS, MAX_BYTES, new SimpleMeterRegistry())) {
            capture.onDecision(e, flaggedBy("ood"));
            capture.close(Duration.ofSeconds(5));
        }
        assertThat(stored).hasSize(1);
        var input = stored.get(0).record().evidence().inputs().get(0);
        assertThat(input.shape()).containsExactly(1L, 1L, 28L, 28L);
        double[] row1 = java.util.Arrays.copyOfRange(pixels, 784, 2 * 784);
        assertThat(input.sha256()).isEqualTo(dev.warden.failures.TensorBytes.sha256(dev.warden.failures.TensorBytes.encode(
                Tensor.fp32("input", new long[] {1, 1, 28, 28}, row1))));
    }

    @Test
    void aStalledDatabaseNeverBlocksTheRequestPathAndDropsAreCounted() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CandidateRecorder stuck = (c, bounds) -> {
            try {
                stalled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CandidateRecorder.Captured.stored("WFD-2025-00001", 0);
        };
        int capacity = 1024;
        int calls = 200_000;
        Histogram nanos = new Histogram(3);
        Exchange[] exchanges = new Exchange[64];
        for (int i = 0; i < exchanges.length; i++) exchanges[i] = exchange(i / 64.0);
        Decision flag = flaggedBy("query");
        CaptureQueue capture = new CaptureQueue(() -> stuck, capacity, 100, MAX_RECORDS, MAX_BYTES, new SimpleMeterRegistry());
        try {
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                capture.onDecision(exchanges[i & 63], flag);
                nanos.recordValue(System.nanoTime() - t0);
            }
            assertThat(capture.dropped()).isBetween((long) calls - capacity - 1, (long) calls - capacity);
            System.out.printf("capture onDecision with the database stalled: %d calls, mean %.0f ns, p50 %d ns, p99 %d ns, p99.9 %d ns, max %d ns; %d dropped and counted%n",
                    calls, nanos.getMean(), nanos.getValueAtPercentile(50), nanos.getValueAtPercentile(99),
                    nanos.getValueAtPercentile(99.9), nanos.getMaxValue(), capture.dropped());
            assertThat(nanos.getValueAtPercentile(99)).isLessThan(100_000);
        } finally {
            stalled.countDown();
            capture.close(Duration.ofSeconds(1));
        }
    }
}
