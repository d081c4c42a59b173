package dev.warden.cli;

import dev.warden.bench.MarkdownSection;
import dev.warden.bench.ServerTarget;
import dev.warden.bench.SlowClientBenchmark;
import dev.warden.bench.SoakRun;
import dev.warden.data.FashionMnist;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options and runs of the request-path benchmarks: {@code bench slow-clients}, {@code soak} and {@code parse-cost}. */
final class ServerBenchOptions {
    @Option(names = "--url", description = "slow-clients, soak: a running loopback server to target (default: start one in process from --policy)")
    String url;

    @Option(names = "--model", paramLabel = "NAME|FILE.onnx", description = "slow-clients, soak: model served at the target (default: fashion-cnn); "
            + "guard-overhead: the policy's model to measure (default: its first), or without --policy an ONNX file (default: the bundled fashion-cnn)")
    String model;

    String modelOr(String fallback) {
        return model != null ? model : fallback;
    }

    @Option(names = "--connections", defaultValue = "0,100,200,300,400", split = ",",
            description = "slow-clients: slow-body connection counts, one step each (default: ${DEFAULT-VALUE})")
    List<Integer> connections;

    @Option(names = "--step-seconds", defaultValue = "10", description = "slow-clients: seconds of valid traffic per step (default: ${DEFAULT-VALUE})")
    int stepSeconds;

    @Option(names = "--byte-interval-ms", defaultValue = "1000", description = "slow-clients: each slow connection sends one body byte per interval (default: ${DEFAULT-VALUE})")
    int byteIntervalMillis;

    @Option(names = "--minutes", defaultValue = "2", description = "soak: minutes to run (default: ${DEFAULT-VALUE})")
    int minutes;

    @Option(names = "--rate", defaultValue = "20", description = "soak: requests per second, valid and hostile together; benign-traffic: queries per second of each busy account (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--hostile-share", defaultValue = "0.3", description = "soak: share of hostile requests (default: ${DEFAULT-VALUE})")
    double hostileShare;

    @Option(names = "--shape", paramLabel = "NxCxHxW", description = "parse-cost: a request of this FP32 shape in every wire format "
            + "(REST JSON, binary tensors, gRPC raw and typed), against JSON (default: one 28x28 image, JSON only)")
    String shape;

    int run(String name, List<Path> policies, Path markdown, int iterations) throws Exception {
        DecisionLogLevel.quiet();
        if (name.equals("parse-cost") && shape != null) {
            long[] dims;
            try {
                dims = java.util.Arrays.stream(shape.toLowerCase(java.util.Locale.ROOT).split("x")).mapToLong(Long::parseLong).toArray();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--shape must look like 1x3x224x224, not '" + shape + "'");
            }
            if (java.util.Arrays.stream(dims).anyMatch(d -> d < 1) || java.util.Arrays.stream(dims).reduce(1, Math::multiplyExact) > 16_000_000) {
                throw new IllegalArgumentException("--shape needs dimensions >= 1 and at most 16,000,000 values in all");
            }
            var rows = dev.warden.bench.ParseFormatsBenchmark.run(dims, Math.max(5, iterations / 5), iterations);
            String table = dev.warden.bench.ParseFormatsBenchmark.markdown(dims, rows, iterations,
                    "./warden bench parse-cost --shape " + shape + " --iterations " + iterations);
            System.out.println(table);
            if (markdown != null) MarkdownSection.write(markdown, "parse-formats", table);
            return 0;
        }
        if (name.equals("parse-cost")) {
            var images = FashionMnist.bundledTest(Home.dir());
            byte[] body = dev.warden.oip.OipCodec.writeRequest(new dev.warden.oip.InferRequest("q1", null,
                    List.of(dev.warden.tensor.Tensor.fp32("input", new long[]{1, 1, 28, 28}, images.image(0))), null));
            String table = dev.warden.bench.ParseCostBenchmark.run(body, iterations)
                    .markdown("./warden bench parse-cost --iterations " + iterations);
            System.out.println(table);
            if (markdown != null) MarkdownSection.write(markdown, "parse-cost", table);
            return 0;
        }
        Path policy = policies.isEmpty() ? Home.dir().resolve(name.equals("soak") ? "policies/passthrough.yaml" : "policies/default.yaml") : policies.get(0);
        var images = FashionMnist.bundledTest(Home.dir());
        try (ServerTarget target = url != null ? ServerTarget.url(url, modelOr("fashion-cnn"), images) : ServerTarget.start(policy, modelOr("fashion-cnn"), images)) {
            String against = url != null ? " --url " + url : " --policy " + Home.dir().relativize(policy.toAbsolutePath().normalize());
            if (name.equals("soak")) {
                boolean ok = SoakRun.run(target, new SoakRun.Config(minutes, rate, hostileShare), System.out);
                return ok ? 0 : 1;
            }
            var config = new SlowClientBenchmark.Config(connections, stepSeconds, byteIntervalMillis, 5_000, 5);
            var steps = SlowClientBenchmark.run(target.http(), target.inferPath(), config, target::valid);
            String command = "./warden bench slow-clients" + against + " --connections "
                    + String.join(",", connections.stream().map(String::valueOf).toList()) + " --step-seconds " + stepSeconds
                    + " --byte-interval-ms " + byteIntervalMillis;
            String table = SlowClientBenchmark.markdown(steps, command);
            System.out.println(table);
            if (markdown != null) MarkdownSection.write(markdown, "slow-clients", table);
            return 0;
        }
    }
}
