package dev.warden.cli;

import dev.warden.calibrate.ModelInputs;
import dev.warden.data.DataFormatException;
import dev.warden.data.SampleSource;
import dev.warden.data.Samples;
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
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "fashion-cnn",
            description = "bundled model, with its policy and test data: fashion-cnn (policies/default.yaml), signs-cnn (policies/signs.yaml),"
                    + " wine-mlp (policies/wine.yaml) (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--policy", description = "policy file serving that model (default: the model's bundled policy)")
    Path policy;

    @Option(names = "--batch", defaultValue = "16", description = "images per benign request (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--attack-samples", defaultValue = "3", description = "images each attack tries to break (0: no attacks; default: ${DEFAULT-VALUE})")
    int attackSamples;

    @Option(names = "--attack-budget", defaultValue = "2000", description = "queries per image for each attack (default: ${DEFAULT-VALUE})")
    long attackBudget;

    @Option(names = "--report", description = "also write report.json and report.html of the attacks here")
    Path report;

    @Option(names = "--skip-update", description = "leave out the last stage, the bundled model update fashion-cnn -> fashion-cnn-v2"
            + " (run for fashion-cnn only)")
    boolean skipUpdate;

    @Override
    public Integer call() {
        if (attackSamples < 0) throw usage("--attack-samples must be >= 0");
        if (attackBudget < 1) throw usage("--attack-budget must be >= 1");
        DemoPolicy.Bundled bundled;
        try {
            bundled = DemoPolicy.Bundled.named(model);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path file = policy != null ? policy : Home.dir().resolve(bundled.policy);
        DecisionLogLevel.quiet();
        DemoPolicy.Copy redTeam = DemoPolicy.withAccount(file, "demo-red-team", "scores");
        // The update stage's traffic comes from a customer of its own: the attacks leave the anonymous client banned.
        DemoPolicy.Copy customer = DemoPolicy.withAccount(redTeam.file(), DemoUpdate.CUSTOMER, "label");
        DemoUpdate.isolate(customer.file());
        try (RunningServer server = RunningServer.start(customer.file(), "127.0.0.1", 0, null)) {
            if (!server.live().current().guards().containsKey(model)) {
                throw usage("policy " + file + " serves " + new java.util.TreeSet<>(server.live().current().guards().keySet()) + ", not " + model);
            }
            System.out.println("warden demo: guarded server on " + server.url() + " (policy " + file + ", model " + model
                    + "; plus a demo red-team API key with the scores tier)");
            Samples test = testData(server.url(), Home.dir().resolve(bundled.data));
            BenignResult benign = sendBenign(server.url(), model, test);
            int answered = benign.images - benign.refusedImages;
            System.out.printf("benign client (%s): %d samples in %d requests, %.1f s; accuracy %d/%d = %.2f%% (%.2f%% of the %d answered);"
                            + " refused requests: %d; samples not answered: %d (%d of them withheld from answered batches)%n",
                    DataOptions.name(Path.of(test.source())), benign.images, benign.requests, benign.seconds, benign.correct, benign.images,
                    100.0 * benign.correct / benign.images, answered == 0 ? 0 : 100.0 * benign.correct / answered, answered,
                    benign.refused, benign.refusedImages, benign.withheld);
            benign.reasons.forEach((k, v) -> System.out.printf("  not answered, %-26s %d%n", k + ":", v));
            System.out.println("guard decisions:");
            decisionCounts(server).forEach((k, v) -> System.out.printf("  %-28s %d%n", k, v));
            if (attackSamples > 0 && !bundled.images) {
                System.out.println("attacks: skipped; they perturb images in [0, 1] pixel units, and " + model
                        + " takes raw tabular measurements, each with its own range");
            } else if (attackSamples > 0) {
                Path passthrough = DemoPolicy.passthrough(file);
                try {
                    DemoAttacks.run(server.url(), model, redTeam.key(), passthrough, test, attackSamples, attackBudget, report);
                } finally {
                    deleteQuietly(passthrough);
                }
                System.out.println("guard decisions, with the attacks:");
                decisionCounts(server).forEach((k, v) -> System.out.printf("  %-28s %d%n", k, v));
            }
            if (!skipUpdate && bundled == DemoPolicy.Bundled.FASHION_CNN) DemoUpdate.run(server, model, customer.key());
        } finally {
            deleteQuietly(redTeam.file());
            deleteQuietly(customer.file());
        }
        return 0;
    }

    /** The model's test data, converted for the model as the server describes it. */
    private Samples testData(String url, Path data) {
        try {
            var meta = ModelInputs.fromOip(new OipClient(url, Duration.ofSeconds(30)).get("/v2/models/" + model, null), model);
            return ModelInputs.samples(SampleSource.open(data), meta, null, null);
        } catch (DataFormatException e) {
            throw usage(e.getMessage());
        }
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static void deleteQuietly(Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
            // deleted on exit anyway
        }
    }

    private record BenignResult(int images, int requests, int correct, int refused, int refusedImages, int withheld,
                                Map<String, Integer> reasons, double seconds) {
    }

    private BenignResult sendBenign(String url, String model, Samples test) {
        OipClient client = new OipClient(url, Duration.ofSeconds(30));
        ImageQueries queries = ImageQueries.fromMetadata(client.get("/v2/models/" + model, null));
        long start = System.nanoTime();
        int correct = 0, requests = 0, refused = 0, refusedImages = 0, withheld = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        Progress progress = new Progress("benign traffic", test.count());
        for (int from = 0; from < test.count(); from += batch) {
            int to = Math.min(test.count(), from + batch);
            List<double[]> images = new ArrayList<>();
            for (int i = from; i < to; i++) images.add(test.image(i));
            OipClient.Result result = client.infer(model, queries.request("benign-" + from, images), null);
            // A well-behaved client waits out the rate limit (it is the policy's, not a verdict on the images).
            for (int tries = 0; tries < 5 && "rate_limited".equals(result.reason()); tries++) {
                pause(result.retryAfterSeconds());
                result = client.infer(model, queries.request("benign-" + from, images), null);
            }
            requests++;
            if (!result.ok()) {
                refused++;
                refusedImages += images.size();
                reasons.merge(result.reason() + " (whole request)", images.size(), Integer::sum);
            } else {
                withheldReasons(result.response().parameters()).forEach(r -> reasons.merge(r, 1, Integer::sum));
                int[] predicted = ImageQueries.predictedClasses(result.response(), images.size());
                java.util.Set<Integer> notAnswered = ImageQueries.withheldRows(result.response());
                withheld += notAnswered.size();
                refusedImages += notAnswered.size();
                for (int j = 0; j < predicted.length; j++) if (!notAnswered.contains(j) && predicted[j] == test.label(from + j)) correct++;
            }
            progress.update(to);
        }
        progress.done();
        return new BenignResult(test.count(), requests, correct, refused, refusedImages, withheld, reasons, (System.nanoTime() - start) / 1e9);
    }

    private static void pause(Long seconds) {
        try {
            Thread.sleep(1000 * Math.max(1, Math.min(10, seconds == null ? 1 : seconds)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> withheldReasons(Map<String, Object> parameters) {
        List<String> out = new ArrayList<>();
        if (parameters.get("withheld") instanceof List<?> list) {
            for (Object o : list) if (o instanceof Map<?, ?> m) out.add(String.valueOf(m.get("reason")));
        }
        return out;
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
