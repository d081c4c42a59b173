package dev.warden.cli;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.OipClient;
import dev.warden.server.RunningServer;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a guarded server on embedded defaults, send benign traffic through it, and print what the guard did.",
                "Then attack it (HopSkipJump as an anonymous client, Square with a score-revealing API key) and an unguarded",
                "passthrough server alike, with a small budget, and print the work-factor table."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--policy", description = "policy file (default: policies/default.yaml)")
    Path policy;

    @Option(names = "--batch", defaultValue = "16", description = "images per benign request (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--attack-samples", defaultValue = "3", description = "images each attack tries to break (0: no attacks; default: ${DEFAULT-VALUE})")
    int attackSamples;

    @Option(names = "--attack-budget", defaultValue = "2000", description = "queries per image for each attack (default: ${DEFAULT-VALUE})")
    long attackBudget;

    @Option(names = "--report", description = "also write report.json and report.html of the attacks here")
    Path report;

    @Override
    public Integer call() {
        if (attackSamples < 0) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--attack-samples must be >= 0");
        if (attackBudget < 1) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--attack-budget must be >= 1");
        Path file = policy != null ? policy : Home.defaultPolicy();
        LabeledImages test = FashionMnist.bundledTest(Home.dir());
        DecisionLogLevel.quiet();
        DemoPolicy.Copy redTeam = DemoPolicy.withAccount(file, "demo-red-team", "scores");
        try (RunningServer server = RunningServer.start(redTeam.file(), "127.0.0.1", 0, null)) {
            String model = server.live().current().guards().keySet().stream().sorted().findFirst().orElseThrow();
            System.out.println("warden demo: guarded server on " + server.url() + " (policy " + file + ", model " + model
                    + "; plus a demo red-team API key with the scores tier)");
            BenignResult benign = sendBenign(server.url(), model, test);
            int answered = benign.images - benign.refusedImages;
            System.out.printf("benign client: %d images in %d requests, %.1f s; accuracy %d/%d = %.2f%% (%.2f%% of the %d answered);"
                            + " refused requests: %d; images not answered: %d (%d of them withheld from answered batches)%n",
                    benign.images, benign.requests, benign.seconds, benign.correct, benign.images,
                    100.0 * benign.correct / benign.images, answered == 0 ? 0 : 100.0 * benign.correct / answered, answered,
                    benign.refused, benign.refusedImages, benign.withheld);
            System.out.println("guard decisions:");
            decisionCounts(server).forEach((k, v) -> System.out.printf("  %-28s %d%n", k, v));
            if (attackSamples > 0) {
                DemoAttacks.run(server.url(), model, redTeam.key(), Home.dir().resolve("policies/passthrough.yaml"),
                        test, attackSamples, attackBudget, report);
                System.out.println("guard decisions, with the attacks:");
                decisionCounts(server).forEach((k, v) -> System.out.printf("  %-28s %d%n", k, v));
            }
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(redTeam.file());
            } catch (java.io.IOException ignored) {
                // deleted on exit anyway
            }
        }
        return 0;
    }

    private record BenignResult(int images, int requests, int correct, int refused, int refusedImages, int withheld, double seconds) {
    }

    private BenignResult sendBenign(String url, String model, LabeledImages test) {
        OipClient client = new OipClient(url, Duration.ofSeconds(30));
        ImageQueries queries = ImageQueries.fromMetadata(client.get("/v2/models/" + model, null));
        long start = System.nanoTime();
        int correct = 0, requests = 0, refused = 0, refusedImages = 0, withheld = 0;
        Progress progress = new Progress("benign traffic", test.count());
        for (int from = 0; from < test.count(); from += batch) {
            int to = Math.min(test.count(), from + batch);
            List<double[]> images = new ArrayList<>();
            for (int i = from; i < to; i++) images.add(test.image(i));
            OipClient.Result result = client.infer(model, queries.request("benign-" + from, images), null);
            requests++;
            if (!result.ok()) {
                refused++;
                refusedImages += images.size();
            } else {
                int[] predicted = ImageQueries.predictedClasses(result.response(), images.size());
                java.util.Set<Integer> notAnswered = ImageQueries.withheldRows(result.response());
                withheld += notAnswered.size();
                refusedImages += notAnswered.size();
                for (int j = 0; j < predicted.length; j++) if (!notAnswered.contains(j) && predicted[j] == test.label(from + j)) correct++;
            }
            progress.update(to);
        }
        progress.done();
        return new BenignResult(test.count(), requests, correct, refused, refusedImages, withheld, (System.nanoTime() - start) / 1e9);
    }

    private static Map<String, Long> decisionCounts(RunningServer server) {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter c : server.metrics().find("warden.decisions").counters()) {
            String key = c.getId().getTag("action") + ("none".equals(c.getId().getTag("reason")) ? "" : " (" + c.getId().getTag("reason") + ")");
            counts.merge(key, (long) c.count(), Long::sum);
        }
        return counts;
    }
}
