package dev.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChainOverheadBenchmarkTest {
    @Test
    void timesEveryStageOfTheDefaultPolicyAndCountsItsDecisions() {
        Path home = Path.of(System.getProperty("user.dir"));
        var images = FashionMnist.bundledTest(home);
        ChainOverheadReport r = ChainOverheadBenchmark.run(home.resolve("policies/default.yaml"), null, meta -> images, 50, 200);

        assertThat(r.model()).isEqualTo("fashion-cnn");
        assertThat(r.elements()).isEqualTo(784);
        assertThat(r.decisions().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        // Benign test images from one account each: nearly all answered (ood's false positives aside).
        assertThat(r.decisions().getOrDefault("allow", 0)).isGreaterThan(180);
        assertThat(r.stages()).extracting(StageHistograms.Row::stage).contains("validate", "query", "knn", "ood", "model");
        assertThat(r.stages()).filteredOn(s -> s.stage().equals("model")).singleElement()
                .satisfies(s -> assertThat(s.calls()).isEqualTo(r.decisions().values().stream().mapToInt(Integer::intValue).sum()));
        assertThat(r.stages()).allSatisfy(s -> assertThat(s.p99Micros()).isGreaterThanOrEqualTo(s.p50Micros()));
        // Each guarded call's untimed rest is what its wall time leaves after its stages: more than nothing, less than the call.
        assertThat(r.rest().getTotalCount()).isEqualTo(200);
        assertThat(r.rest().getValueAtPercentile(50)).isPositive().isLessThan(r.pair().candidate().getValueAtPercentile(50));
        // The guard's own time: every call that reached the model, each less its own inference, so under the call itself.
        assertThat(r.own().getTotalCount()).isEqualTo(r.decisions().entrySet().stream()
                .filter(e -> !e.getKey().contains("(query)") && !e.getKey().contains("(validate)") && !e.getKey().contains("(lockout)")
                        && !e.getKey().contains("(known-failure)"))
                .mapToInt(java.util.Map.Entry::getValue).sum());
        assertThat(r.own().getValueAtPercentile(50)).isPositive().isLessThan(r.pair().candidate().getValueAtPercentile(50));
        String table = r.markdown("cmd");
        assertThat(table).contains("ratio guard / bare", "CPU time: ratio guard / bare", "ns per input value", "| query | before |", "| stage | hook | p50 (µs) | p99 (µs) |", "| the rest (", "The guard's own time per call", "Command: `cmd`");
    }
}
