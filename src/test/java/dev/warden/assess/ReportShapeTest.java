package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.assess.report.ReportJson;
import dev.warden.assess.report.WorkFactorTable;
import dev.warden.data.IdxImages;
import dev.warden.data.IdxLabels;
import dev.warden.data.LabeledImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportShapeTest {
    static LabeledImages tinyData() {
        List<Sample> samples = LinearModel.samples(6, 21);
        byte[] pixels = new byte[samples.size() * LinearModel.PIXELS];
        int[] labels = new int[samples.size()];
        for (int k = 0; k < samples.size(); k++) {
            for (int i = 0; i < LinearModel.PIXELS; i++) pixels[k * LinearModel.PIXELS + i] = (byte) Math.round(samples.get(k).image()[i] * 255);
            labels[k] = samples.get(k).label();
        }
        return new LabeledImages(new IdxImages(Path.of("tiny"), samples.size(), LinearModel.SIDE, LinearModel.SIDE, pixels),
                new IdxLabels(Path.of("tiny"), labels));
    }

    static Report tinyReport() {
        Assessment.Plan plan = new Assessment.Plan(List.of("hsj", "square"), List.of(Adversary.of(1, false)), a -> null,
                new Budget(500, null), 1, false, 2, null);
        try (Target guarded = new ScriptedTarget(1, Long.MAX_VALUE, 0, dev.warden.guard.Reveal.LABEL, 64);
             Target baseline = new ModelTarget(new LinearModel(), "linear", true)) {
            return new Assessment(Ticker.SYSTEM, null).run(guarded, baseline, plan, tinyData());
        }
    }

    @Test
    void reportJsonHasTheContractsShape() {
        JsonNode root = ReportJson.tree(tinyReport());
        assertThat(root.has("target") && root.has("model") && root.has("started")).isTrue();
        JsonNode run = root.path("runs").get(0);
        for (String f : List.of("attack", "adaptive", "accounts", "budget", "samples", "success_rate", "median_queries",
                "median_l2", "median_linf", "detected_rate", "median_queries_to_detection", "rejections", "accounts_used",
                "wall_seconds", "per_sample", "eps", "norm", "first_query_successes")) {
            assertThat(run.has(f)).as(f).isTrue();
        }
        assertThat(run.path("attack").asText()).isEqualTo("hsj");
        assertThat(run.path("samples").asInt()).isEqualTo(2);
        JsonNode sample = run.path("per_sample").get(0);
        for (String f : List.of("index", "label", "success", "queries", "l2", "linf", "queries_to_detection", "accounts_used")) {
            assertThat(sample.has(f)).as(f).isTrue();
        }
        assertThat(sample.path("queries_to_detection").isNull()).isTrue();
        assertThat(root.path("baseline_runs")).hasSize(2);
        assertThat(root.path("work_factor")).hasSize(1);
        assertThat(root.path("work_factor").get(0).path("attack").asText()).isEqualTo("hsj");
        assertThat(root.path("refused").get(0).path("reason").asText()).contains("square needs class scores");
        assertThat(root.path("mitigations").size()).isGreaterThan(5);
    }

    @Test
    void firstQuerySuccessesAreCountedAndCalledOut() {
        List<SampleResult> samples = List.of(
                new SampleResult(0, 3, true, 1, 1, 1.0, 0.2, null, 0, 0, 1, 0.1, "succeeded", null, 4, null, null),
                new SampleResult(1, 3, true, 7, 7, 1.0, 0.2, 4L, 1, 0, 1, 0.1, "succeeded", null, 4, null, null),
                new SampleResult(2, 3, false, 9, 9, null, null, 2L, 1, 1, 1, 0.1, "locked_out", null, null, null, null));
        RunResult run = RunResult.of("square", "guarded", dev.warden.assess.attack.Norm.LINF, 0.2, Adversary.of(1, false), 100, samples, 1);
        assertThat(run.firstQuerySuccesses()).isEqualTo(1);
        Report report = new Report("t", "m", null, java.time.Instant.EPOCH, java.time.Instant.EPOCH, 1, 0, 0, List.of(0, 1, 2), null,
                List.of(run), List.of(), List.of(), List.of(), List.of());
        assertThat(WorkFactorTable.render(report)).contains("note: square (plain, 1 account): 1 of 3 images broken by the first query");
        assertThat(ReportJson.tree(report).path("runs").get(0).path("first_query_successes").asInt()).isEqualTo(1);
        assertThat(dev.warden.assess.report.ReportHtml.render(report)).contains("broken at query 1");
        assertThat(WorkFactorTable.render(tinyReport())).doesNotContain("note:");
    }

    @Test
    void theTableShowsEveryRunAndTheRatio() {
        String table = WorkFactorTable.render(tinyReport());
        assertThat(table).contains("hsj", "baseline", "work factor", "refused: square");
    }

    @Test
    void reportHtmlIsOneFileWithEmbeddedPlotsAndNoNetworkReferences() {
        String html = dev.warden.assess.report.ReportHtml.render(tinyReport());
        assertThat(html).contains("data:image/png;base64,", "Work factor, guarded / unguarded", "Mitigations");
        assertThat(html).doesNotContain("http://", "https://", "<script");
    }
}
