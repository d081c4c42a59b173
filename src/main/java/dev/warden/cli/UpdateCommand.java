package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code warden update start|canary|status|report|promote|rollback --server URL}: drives a running server's
 * update path through its admin API ({@code /admin/update/...}), as kubectl drives a cluster. The admin key comes
 * from {@code --admin-key} or {@code WARDEN_ADMIN_KEY}. A refusal (a gate, a mismatch) prints the server's message
 * and exits 1; bad arguments exit 2.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Replace a served model safely: offline comparison, shadow traffic, a gated canary, promotion or rollback.",
                "Each subcommand calls a running server's admin API (docs/updates.md)."},
        subcommands = {UpdateCommand.Start.class, UpdateCommand.Canary.class, UpdateCommand.Status.class, UpdateCommand.Report.class,
                UpdateCommand.Promote.class, UpdateCommand.Rollback.class})
final class UpdateCommand implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (start, canary, status, report, promote, rollback)");
    }

    abstract static class Step implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ServerOptionsMixin options = new ServerOptionsMixin();

        JsonNode call(String method, String path, ObjectNode body) {
            String key = options.adminKey != null ? options.adminKey : System.getenv("WARDEN_ADMIN_KEY");
            if (key == null || key.isBlank()) throw usage("an admin key is required: --admin-key or WARDEN_ADMIN_KEY");
            if (!options.server.startsWith("http://") && !options.server.startsWith("https://")) {
                throw usage("--server must be an http:// or https:// URL, not '" + options.server + "'");
            }
            String base = options.server.endsWith("/") ? options.server.substring(0, options.server.length() - 1) : options.server;
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(15)).header("Authorization", "Bearer " + key);
            } catch (IllegalArgumentException e) {
                throw usage("--server is not a URL: " + options.server);
            }
            if (method.equals("POST")) {
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.toString()));
            } else {
                b.GET();
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot reach " + base + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + base + path + " with a body that is not JSON");
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(json.path("error").asText("HTTP " + response.statusCode()) + " (HTTP " + response.statusCode()
                        + (json.hasNonNull("reason") ? ", " + json.get("reason").asText() : "") + ")");
            }
            return json;
        }

        ObjectNode body() {
            ObjectNode b = JSON.createObjectNode();
            if (options.model != null) b.put("model", options.model);
            return b;
        }

        String query() {
            return options.model == null ? "" : "?model=" + URLEncoder.encode(options.model, StandardCharsets.UTF_8);
        }

        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }

        static void print(JsonNode status) {
            System.out.println(Summary.of(status));
        }
    }

    /** The shared options as a picocli mixin. */
    static final class ServerOptionsMixin {
        @Option(names = "--server", required = true, paramLabel = "URL", description = "the Warden server, e.g. http://127.0.0.1:8080")
        String server;

        @Option(names = "--admin-key", paramLabel = "KEY", description = "admin key (default: the WARDEN_ADMIN_KEY environment variable)")
        String adminKey;

        @Option(names = "--model", description = "the model being updated (needed when the server serves several)")
        String model;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = {"Load the candidate beside the serving version, check its interface,"
            + " calibrate its defenses, compare both offline, replay the failure database, and start shadow traffic."})
    static final class Start extends Step {
        @Option(names = "--candidate", required = true, paramLabel = "FILE", description = "the candidate ONNX file (its sidecar beside it), a path on the server")
        String candidate;

        @Option(names = "--data", paramLabel = "PATH", description = "labelled samples to compare on, a path on the server (default: the bundled test set)")
        String data;

        @Option(names = "--shadow", paramLabel = "PERCENT", defaultValue = "100", description = "percent of answered queries mirrored to the candidate (default: ${DEFAULT-VALUE})")
        int shadow;

        @Option(names = "--version", paramLabel = "V", description = "the candidate's version (default: its sidecar's)")
        String version;

        @Option(names = "--calibration-samples", paramLabel = "N", description = "calibrate the candidate on the first N samples of the serving calibration's data (default: as many as it used)")
        Integer calibrationSamples;

        @Option(names = "--assess", paramLabel = "ATTACKS", description = "also attack both versions' bare models, e.g. hsj,square (warden assess; 3 samples)")
        String assess;

        @Option(names = "--assess-budget", paramLabel = "N", description = "queries per sample for --assess (default: 500)")
        Long assessBudget;

        @Override
        public Integer call() {
            if (shadow < 0 || shadow > 100) throw usage("--shadow must be between 0 and 100");
            if (assessBudget != null && (assessBudget < 1 || assessBudget > 100_000)) throw usage("--assess-budget must be between 1 and 100000");
            if (calibrationSamples != null && calibrationSamples < 100) throw usage("--calibration-samples must be >= 100");
            ObjectNode b = body();
            b.put("candidate", candidate);
            if (data != null) b.put("data", data);
            b.put("shadow", shadow);
            if (version != null) b.put("version", version);
            if (calibrationSamples != null) b.put("calibration_samples", calibrationSamples);
            if (assess != null) b.put("assess", assess);
            if (assessBudget != null) b.put("assess_budget", assessBudget);
            print(call("POST", "/admin/update/start", b));
            return 0;
        }
    }

    @Command(name = "canary", mixinStandardHelpOptions = true, description = "Answer PERCENT of accounts (sticky) with the candidate; the offline gates must pass.")
    static final class Canary extends Step {
        @Option(names = "--share", required = true, paramLabel = "PERCENT", description = "percent of accounts, 0 to 100")
        int share;

        @Override
        public Integer call() {
            if (share < 0 || share > 100) throw usage("--share must be between 0 and 100");
            ObjectNode b = body();
            b.put("share", share);
            print(call("POST", "/admin/update/canary", b));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Stage, traffic shares, live figures and gate verdicts.")
    static final class Status extends Step {
        @Option(names = "--json", description = "print the status as JSON")
        boolean json;

        @Override
        public Integer call() {
            JsonNode s = call("GET", "/admin/update/status" + query(), null);
            if (json) System.out.println(s.toPrettyString());
            else print(s);
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Write DIR/report.json and the single-file DIR/report.html.")
    static final class Report extends Step {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write into (created)")
        Path out;

        @Override
        public Integer call() throws IOException {
            JsonNode report = call("GET", "/admin/update/report" + query(), null);
            Files.createDirectories(out);
            Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(report));
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> map = JSON.convertValue(report, java.util.Map.class);
            Files.writeString(out.resolve("report.html"), dev.warden.update.UpdateReportHtml.render(map));
            System.out.println("wrote " + out.resolve("report.json") + " and " + out.resolve("report.html"));
            print(report);
            return 0;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make the candidate answer everyone; refused while a gate fails.")
    static final class Promote extends Step {
        @Override
        public Integer call() {
            print(call("POST", "/admin/update/promote", body()));
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Take the candidate out of service.")
    static final class Rollback extends Step {
        @Option(names = "--reason", description = "why (recorded in the status and report)")
        String reason;

        @Override
        public Integer call() {
            ObjectNode b = body();
            if (reason != null) b.put("reason", reason);
            print(call("POST", "/admin/update/rollback", b));
            return 0;
        }
    }

    /** A few readable lines of a status or report. */
    static final class Summary {
        static String of(JsonNode s) {
            StringBuilder b = new StringBuilder();
            b.append("model ").append(s.path("model").asText()).append(": stage ").append(s.path("stage").asText())
                    .append(", serving version ").append(s.path("serving_version").asText())
                    .append(", candidate version ").append(s.path("candidate_version").asText());
            if (s.has("canary_share")) b.append(", canary ").append(s.path("canary_share").asInt()).append("% of accounts");
            if (s.has("shadow_share")) b.append(", shadow ").append(s.path("shadow_share").asInt()).append("%");
            if (s.hasNonNull("reason")) b.append("\n  reason: ").append(s.get("reason").asText());
            JsonNode o = s.path("offline");
            if (o.isObject()) {
                b.append(String.format(java.util.Locale.ROOT, "%n  offline: accuracy %.4f -> %.4f, negative flip rate %.4f, BTC %.4f, BEC %.4f",
                        o.path("accuracy_old").asDouble(), o.path("accuracy_new").asDouble(), o.path("negative_flip_rate").asDouble(),
                        o.path("btc").asDouble(), o.path("bec").asDouble()));
            }
            JsonNode sh = s.path("shadow");
            if (sh.isObject() && sh.path("copied").asLong() > 0) {
                b.append(String.format(java.util.Locale.ROOT, "%n  shadow: %d copied, %d dropped, label agreement %s, candidate reject rate %s",
                        sh.path("copied").asLong(), sh.path("dropped").asLong(), sh.path("label_agreement").asText(), sh.path("reject_rate_candidate").asText()));
            }
            for (JsonNode g : s.path("gates")) b.append("\n  ").append(g.path("passed").asBoolean() ? "pass " : "FAIL ").append(g.path("message").asText());
            return b.toString();
        }
    }
}
