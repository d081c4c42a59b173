package dev.warden.defense;

import dev.warden.bench.PolicyBench;
import dev.warden.guard.Account;
import dev.warden.guard.Decision;
import dev.warden.guard.Query;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh deployment of policies/default.yaml (its committed calibration, the real CNN) per test: the query
 * detector and lockout keep state across queries, so no test may inherit another's.
 */
abstract class DefaultPolicyFixture {
    PolicyBench bench;

    @BeforeEach
    void open() {
        bench = new PolicyBench(Path.of("policies/default.yaml"), null, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        bench.close();
    }

    /** One 28x28 image from {@code account}, optionally a frame of a stream. */
    Decision send(Account account, double[] image, String stream, Long frame) {
        Tensor t = Tensor.fp32("input", new long[]{1, 1, 28, 28}, image);
        return bench.guard().handle(new Query(null, "fashion-cnn", account, Map.of("input", t), Instant.EPOCH, stream, frame, List.of())).decision();
    }
}
