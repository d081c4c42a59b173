package dev.warden.runtime;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.DefenseRegistry;
import dev.warden.oip.InferRequest;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A live deployment of a policy file and the inference service over it, as the server wires them. */
final class ServiceFixture implements AutoCloseable {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final LabeledImages TEST = FashionMnist.bundledTest(REPO);
    static final Credentials ANONYMOUS = new Credentials(null, "192.0.2.1", null);

    final LiveDeployment live;
    final InferenceService service;
    private final ExecutorService inference = Executors.newFixedThreadPool(2);

    ServiceFixture(Path policy, Duration modelCloseGrace, dev.warden.state.RateLimiter limiter) {
        live = new LiveDeployment(policy, DefenseRegistry.standard(), new SimpleMeterRegistry(), Clock.systemUTC(), null,
                List.of(), modelCloseGrace);
        service = new InferenceService(live::current, limiter, inference, Clock.systemUTC());
    }

    ServiceFixture(Path policy) {
        this(policy, ModelPool.DEFAULT_CLOSE_GRACE, (account, images, limit) -> 0);
    }

    static InferRequest images(String id, Map<String, Object> parameters, int... indices) {
        double[] flat = new double[indices.length * 784];
        for (int i = 0; i < indices.length; i++) System.arraycopy(TEST.image(indices[i]), 0, flat, i * 784, 784);
        return new InferRequest(id, parameters, List.of(Tensor.fp32("input", new long[]{indices.length, 1, 28, 28}, flat)), List.of());
    }

    static InferRequest image(int index) {
        return images("q" + index, Map.of(), index);
    }

    InferenceResult infer(String model, String version, InferRequest request) {
        return service.infer(ANONYMOUS, model, version, request);
    }

    @Override
    public void close() {
        inference.shutdownNow();
        live.close();
    }
}
