package dev.warden.cli;

import dev.warden.assess.Adversary;
import dev.warden.assess.Assessment;
import dev.warden.assess.Budget;
import dev.warden.assess.HttpTarget;
import dev.warden.assess.Report;
import dev.warden.assess.RunResult;
import dev.warden.assess.WorkFactor;
import dev.warden.assess.Target;
import dev.warden.assess.Ticker;
import dev.warden.assess.report.ReportHtml;
import dev.warden.assess.report.ReportJson;
import dev.warden.assess.report.WorkFactorTable;
import dev.warden.data.Samples;
import dev.warden.server.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's attacks: HopSkipJump as an anonymous client (labels only under the default policy) and Square
 * with the red-team key (scores), each by a plain and an adaptive adversary, against the guarded server and
 * an unguarded passthrough server on the same images; then the work-factor table. An attack the model's input
 * cannot take (an image attack on a tabular model) is listed as refused, with the reason.
 */
final class DemoAttacks {
    private DemoAttacks() {
    }

    static void run(String guardedUrl, String model, String redTeamKey, Path passthrough, Samples data, int samples,
                    long budget, Path reportDir) {
        System.out.printf("attacks: HopSkipJump (anonymous) and Square (red-team key), %d images, %d queries each, plain and adaptive adversaries%n",
                samples, budget);
        try (RunningServer unguarded = RunningServer.start(passthrough, "127.0.0.1", 0, null);
             Target anonymous = HttpTarget.connect(guardedUrl, model, List.of(), Duration.ofSeconds(30), HttpTarget.DEFAULT_MAX_BATCH, data.image(0));
             Target keyed = HttpTarget.connect(guardedUrl, model, List.of(redTeamKey), Duration.ofSeconds(30), HttpTarget.DEFAULT_MAX_BATCH, data.image(0));
             Target baseline = HttpTarget.connect(unguarded.url(), model, List.of(), Duration.ofSeconds(30), HttpTarget.DEFAULT_MAX_BATCH, data.image(0))) {
            Assessment assessment = new Assessment(Ticker.SYSTEM, AssessProgress::print);
            List<Adversary> adversaries = List.of(Adversary.of(1, false), Adversary.of(1, true));
            Budget b = new Budget(budget, Duration.ofSeconds(60));
            Report labels = assessment.run(anonymous, "anon", baseline,
                    new Assessment.Plan(List.of("hsj", "square"), adversaries, a -> null, b, 1, false, samples, null), data);
            Report scores = assessment.run(keyed, "red-team", null,
                    new Assessment.Plan(List.of("square"), adversaries, a -> null, b, 1, false, samples, null), data);
            Report both = combine(labels, scores);
            System.out.print(WorkFactorTable.render(both));
            if (reportDir != null) {
                Files.createDirectories(reportDir);
                ReportJson.write(both, reportDir.resolve("report.json"));
                ReportHtml.write(both, reportDir.resolve("report.html"));
                System.out.println("report: " + reportDir.resolve("report.html"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One report of both; the keyed runs are compared with the anonymous report's baseline runs of the same attack. */
    private static Report combine(Report anonymous, Report keyed) {
        List<Report.Refusal> refused = new ArrayList<>(anonymous.refused());
        refused.addAll(keyed.refused());
        List<WorkFactor> factors = new ArrayList<>(anonymous.workFactors());
        for (RunResult k : keyed.runs()) {
            anonymous.baselineRuns().stream().filter(b -> b.attack().equals(k.attack()) && b.adaptive() == k.adaptive())
                    .findFirst().ifPresent(b -> factors.add(WorkFactor.of(k, b)));
        }
        return new Report(anonymous.target() + " (anonymous; square with the red-team key)", anonymous.model(), anonymous.baseline(),
                anonymous.started(), keyed.finished(), anonymous.seed(), anonymous.setupQueries() + keyed.setupQueries(),
                anonymous.selectionQueries() + keyed.selectionQueries(), anonymous.sampleIndices(), null,
                concat(anonymous.runs(), keyed.runs()), concat(anonymous.baselineRuns(), keyed.baselineRuns()),
                factors, refused, anonymous.mitigations());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
