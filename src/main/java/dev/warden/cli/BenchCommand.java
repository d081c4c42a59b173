package dev.warden.cli;

import dev.warden.bench.GuardOverheadBenchmark;
import dev.warden.bench.MarkdownSection;
import dev.warden.data.SampleSource;
import dev.warden.data.Samples;
import dev.warden.model.ModelMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark of Warden's own harness and print (or record) its results. Benchmarks: guard-overhead, defense-cost, "
                + "slow-clients (slow-body connections against a loopback server), soak (valid and hostile traffic for --minutes), parse-cost (one OIP request parse), "
                + "update-shadow (request latency at 0%% and 100%% shadow mirroring), benign-traffic (honest clients on a simulated clock: refused, emptied, locked out), "
                + "http-throughput (bare OIP server, passthrough and a policy over HTTP and/or gRPC at each --concurrency).")
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "benchmark: guard-overhead, defense-cost, slow-clients, soak, parse-cost, update-shadow, benign-traffic, http-throughput")
    String name;

    @Option(names = "--iterations", defaultValue = "20000", description = "measured calls of each side (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "20000", description = "warm-up calls of each side (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--policy", description = "defense-cost: policy whose defenses to measure, one by one (repeatable; default: policies/evaluation.yaml); "
            + "guard-overhead: measure this policy's whole chain (default: validate + harden only)")
    List<Path> policies = new java.util.ArrayList<>();

    @Option(names = "--markdown", description = "also write the result into this Markdown file's section for the benchmark")
    Path markdown;

    @picocli.CommandLine.Mixin
    ServerBenchOptions server = new ServerBenchOptions();

    @picocli.CommandLine.Mixin
    DataOptions data = new DataOptions();

    @picocli.CommandLine.Mixin
    BenignTrafficOptions benign = new BenignTrafficOptions();

    @picocli.CommandLine.Mixin
    HttpThroughputOptions http = new HttpThroughputOptions();

    @Override
    public Integer call() throws Exception {
        if (name.equals("parse-cost") && server.shape != null) {
            try {
                return server.run(name, policies, markdown, iterations);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (name.equals("slow-clients") || name.equals("soak") || name.equals("parse-cost")) return server.run(name, policies, markdown, iterations);
        if (name.equals("update-shadow")) return UpdateShadowBench.run(Math.min(iterations, 2000), markdown);
        if (name.equals("benign-traffic")) return benign.run(policies, server.rate, markdown);
        if (name.equals("http-throughput")) return usageErrors(() -> http.run(policies, markdown, data.data));
        if (!name.equals("guard-overhead") && !name.equals("defense-cost")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "unknown benchmark '" + name + "' (guard-overhead, defense-cost, slow-clients, soak, parse-cost, update-shadow, benign-traffic, http-throughput)");
        }
        if (iterations < 100) throw new IllegalArgumentException("--iterations must be >= 100");
        DecisionLogLevel.quiet();
        // Benign bench traffic may match now and then (a false positive is counted in the decisions); one log line each would bury the table.
        if (org.slf4j.LoggerFactory.getLogger("warden.query") instanceof ch.qos.logback.classic.Logger l) l.setLevel(ch.qos.logback.classic.Level.ERROR);
        SampleSource source = data.source(Home.dir().resolve("data/fashion-test-2000-images-idx3-ubyte.gz"));
        java.util.function.Function<ModelMetadata, Samples> samples = meta -> data.forModel(source, meta, false, "bench");
        String dataFlags = data.flags(source);
        if (name.equals("defense-cost")) {
            List<Path> files = policies.isEmpty() ? List.of(Home.dir().resolve("policies/evaluation.yaml")) : policies;
            var rows = dev.warden.bench.DefenseCostBenchmark.run(files, samples, warmup, iterations);
            StringBuilder command = new StringBuilder("./warden bench defense-cost");
            for (Path p : files) command.append(" --policy ").append(Home.dir().relativize(p.toAbsolutePath().normalize()));
            command.append(" --iterations ").append(iterations).append(" --warmup ").append(warmup).append(dataFlags);
            String table = dev.warden.bench.DefenseCostBenchmark.markdown(rows, iterations, command.toString());
            System.out.println(table);
            if (markdown != null) MarkdownSection.write(markdown, "defense-cost", table);
            return 0;
        }
        if (!policies.isEmpty()) return chainOverhead(samples, dataFlags);
        Path modelFile = server.model == null ? PolicyModelFile.of(Home.defaultPolicy()) : Path.of(server.model);
        if (!java.nio.file.Files.isRegularFile(modelFile)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--model " + server.model
                    + ": no such ONNX file (a model name needs --policy)");
        }
        var result = GuardOverheadBenchmark.run(modelFile, samples, warmup, iterations);
        String table = result.markdown("./warden bench guard-overhead" + (server.model == null ? "" : " --model " + DataOptions.name(modelFile))
                + " --iterations " + iterations + " --warmup " + warmup + dataFlags);
        System.out.println(table);
        if (markdown != null) MarkdownSection.write(markdown, "guard-overhead", table);
        return 0;
    }

    private int usageErrors(Callable<Integer> run) throws Exception {
        try {
            return run.call();
        } catch (IllegalArgumentException | dev.warden.policy.PolicyException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code guard-overhead --policy FILE}: that policy's whole chain against bare inference of the same route. */
    private int chainOverhead(java.util.function.Function<ModelMetadata, Samples> samples, String dataFlags) throws Exception {
        if (policies.size() > 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "guard-overhead takes one --policy");
        Path policy = policies.get(0);
        dev.warden.bench.ChainOverheadReport report;
        try {
            report = dev.warden.bench.ChainOverheadBenchmark.run(policy, server.model, samples, warmup, iterations);
        } catch (dev.warden.policy.PolicyException | IllegalArgumentException e) {
            // A policy that cannot be loaded or names no such model is a usage error, named, exit 2.
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String table = report.markdown("./warden bench guard-overhead --policy " + DataOptions.name(policy)
                + (server.model == null ? "" : " --model " + server.model) + " --iterations " + iterations + " --warmup " + warmup + dataFlags);
        System.out.println(table);
        if (markdown != null) MarkdownSection.write(markdown, "guard-overhead-" + report.model(), table);
        return 0;
    }
}
