package dev.warden.cli;

import dev.warden.bench.HttpThroughputBenchmark;
import dev.warden.bench.MarkdownSection;
import dev.warden.bench.ImageStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options and run of {@code bench http-throughput}: bare OIP server, passthrough and a policy, end to end over HTTP and gRPC. */
final class HttpThroughputOptions {
    @Option(names = "--concurrency", defaultValue = "1,8,32,128", split = ",",
            description = "http-throughput: closed-loop clients, one level each (default: ${DEFAULT-VALUE})")
    List<Integer> concurrency;

    @Option(names = "--seconds", defaultValue = "10", description = "http-throughput: measured seconds per server and level (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup-seconds", description = "http-throughput: warm-up seconds per server at concurrency 8 (default: --seconds, at most 5)")
    Double warmupSeconds;

    @Option(names = "--binary", description = "http-throughput: send binary tensor extension bodies instead of JSON over HTTP")
    boolean binary;

    @Option(names = "--protocol", defaultValue = "http", paramLabel = "http|grpc|both",
            description = "http-throughput: Warden's REST front, its KServe v2 gRPC front (raw_input_contents), or both, each against the bare server "
                    + "over the same protocol (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--slices", defaultValue = "5", description = "http-throughput: each server's --seconds at a level in this many slices, "
            + "the servers taking turns, so that the machine's other load falls on all alike (default: ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--requests-per-account", defaultValue = "100", description = "http-throughput: each client takes a new loopback source "
            + "address (a new anonymous account) after this many requests; a large value puts the policy's rate limit to work (default: ${DEFAULT-VALUE})")
    int requestsPerAccount;

    /** {@code data}: --data, an IDX images file or a folder of them (default: the bundled test and training images). */
    int run(List<Path> policies, Path markdown, Path data) throws Exception {
        if (policies.size() > 1) throw new IllegalArgumentException("http-throughput takes one --policy");
        Path policy = policies.isEmpty() ? Home.defaultPolicy() : policies.get(0);
        if (!Files.isRegularFile(policy)) throw new IllegalArgumentException("--policy " + policy + ": no such file");
        var config = new HttpThroughputBenchmark.Config(concurrency, seconds, warmupSeconds != null ? warmupSeconds : Math.min(seconds, 5), binary,
                HttpThroughputBenchmark.Protocol.parse(protocol), slices, requestsPerAccount);
        ImageStream images = data == null ? ImageStream.bundled(Home.dir()) : ImageStream.at(data);
        DecisionLogLevel.quiet();
        if (org.slf4j.LoggerFactory.getLogger("warden.query") instanceof ch.qos.logback.classic.Logger l) l.setLevel(ch.qos.logback.classic.Level.ERROR);
        var rows = HttpThroughputBenchmark.run(PolicyModelFile.of(policy), Home.dir().resolve("policies/passthrough.yaml"), policy,
                images, config, System.err);
        String command = "./warden bench http-throughput" + (policies.isEmpty() ? "" : " --policy " + DataOptions.name(policy))
                + " --seconds " + trim(seconds) + " --concurrency "
                + String.join(",", concurrency.stream().map(String::valueOf).toList()) + (warmupSeconds == null ? "" : " --warmup-seconds " + trim(warmupSeconds))
                + (binary ? " --binary" : "") + (protocol.equalsIgnoreCase("http") ? "" : " --protocol " + protocol.toLowerCase(java.util.Locale.ROOT))
                + (data == null ? "" : " --data " + DataOptions.name(data)) + (slices == 5 ? "" : " --slices " + slices)
                + (requestsPerAccount == 100 ? "" : " --requests-per-account " + requestsPerAccount);
        String table = HttpThroughputBenchmark.markdown(rows, config, images, command);
        System.out.println(table);
        if (markdown != null) MarkdownSection.write(markdown, section(), table);
        return 0;
    }

    private String section() {
        String name = protocol.equalsIgnoreCase("http") ? "http-throughput" : "http-throughput-" + protocol.toLowerCase(java.util.Locale.ROOT);
        return binary ? name + "-binary" : name;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
