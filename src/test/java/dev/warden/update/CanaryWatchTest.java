package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.UpdateSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canary's latency limit reads a p99 that one slow call cannot decide, and still catches a slower candidate. */
class CanaryWatchTest {
    private static final long MS = 1_000_000;

    @Test
    void aSlowerCandidateIsRolledBackOnceEachVersionHasEnoughRequests() {
        List<String> breaches = new ArrayList<>();
        CanaryWatch watch = watch(breaches);
        for (int i = 0; i < CanaryWatch.LATENCY_MIN_REQUESTS; i++) {
            watch.completed("m", "1", "ok", MS);
            if (i < CanaryWatch.LATENCY_MIN_REQUESTS - 1) watch.completed("m", "2", "ok", 5 * MS);
        }
        assertThat(breaches).as("one request short of the latency minimum").isEmpty();
        watch.completed("m", "2", "ok", 5 * MS);
        assertThat(breaches).singleElement().asString().startsWith("m: canaryMaxLatencyRatio: the candidate's p99 latency 5.00 ms");
    }

    @Test
    void oneStalledCallDoesNotRollBack() {
        List<String> breaches = new ArrayList<>();
        CanaryWatch watch = watch(breaches);
        for (int i = 0; i < 2 * CanaryWatch.LATENCY_MIN_REQUESTS; i++) {
            watch.completed("m", "1", "ok", MS);
            watch.completed("m", "2", "ok", i == 60 ? 40 * MS : MS);
        }
        assertThat(breaches).isEmpty();
    }

    @Test
    void errorsCountFromTheCanaryMinimum() {
        List<String> breaches = new ArrayList<>();
        CanaryWatch watch = watch(breaches);
        for (int i = 0; i < UpdateSettings.DEFAULT_CANARY_MIN_REQUESTS; i++) watch.completed("m", "2", i % 10 == 0 ? "backend_failed" : "ok", MS);
        assertThat(breaches).singleElement().asString().contains("canaryMaxErrorRate");
    }

    private static CanaryWatch watch(List<String> breaches) {
        CanaryWatch watch = new CanaryWatch((model, reason) -> breaches.add(model + ": " + reason));
        watch.watch("m", "1", "2", UpdateSettings.defaults());
        return watch;
    }
}
