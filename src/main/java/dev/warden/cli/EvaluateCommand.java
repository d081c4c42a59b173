package dev.warden.cli;

import dev.warden.bench.AdversarialExamples;
import dev.warden.bench.CrosscheckEvaluation;
import dev.warden.bench.MarkdownSection;
import dev.warden.bench.OodEvaluation;
import dev.warden.bench.PolicyBench;
import dev.warden.bench.TemporalEvaluation;
import dev.warden.data.SampleSource;
import dev.warden.data.Samples;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure a policy's calibrated detectors on held-out test samples (--data; default: the bundled test images)",
                "and on generated or attacked inputs.",
                "  ood: AUROC and rejection rate on each generated OOD set, false rejections on the test images",
                "  crosscheck: detection of adversarial examples (--examples DIR), false positives on the test images",
                "  temporal: benign and attacked synthetic streams of the test images (--examples DIR) flagged",
                "  sanitize: clean accuracy under each sanitizer, adversarial examples (--examples DIR) it restores"})
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "what to evaluate: ood, crosscheck, temporal, sanitize")
    String what;

    @Option(names = "--policy", required = true, description = "policy whose defenses (and calibration) to evaluate")
    Path policy;

    @Option(names = "--model", description = "served model (default: the policy's first)")
    String model;

    @Option(names = "--per-set", defaultValue = "1000", description = "images per generated OOD set (default: ${DEFAULT-VALUE})")
    int perSet;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the generated sets (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--examples", description = "folder of adversarial examples (ATTACK-images.idx, float32 IDX) for crosscheck")
    Path examples;

    @Option(names = "--length", defaultValue = "32", description = "frames per synthetic stream (default: ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--share", defaultValue = "0.25", description = "share of an attacked stream's frames that are adversarial (default: ${DEFAULT-VALUE})")
    double share;

    @Option(names = "--ood-data", paramLabel = "PATH", description = "ood: also measure these samples as out-of-distribution "
            + "(any --data format; repeat for several sets)")
    java.util.List<Path> oodData = new java.util.ArrayList<>();

    @Option(names = "--streams", paramLabel = "FILE.npz", description = "temporal: benign camera streams to replay instead of the "
            + "synthetic ones: an .npz with 'frames' [S, T, ...] (each frame a sample as --data takes it)")
    Path streams;

    @Option(names = "--markdown", description = "also write the result into this Markdown file's section")
    Path markdown;

    @CommandLine.Mixin
    DataOptions data = new DataOptions();

    private java.util.List<OodEvaluation.OodData> oodSets(PolicyBench bench) {
        java.util.List<OodEvaluation.OodData> sets = new java.util.ArrayList<>();
        for (Path p : oodData) {
            DataOptions d = new DataOptions();
            d.spec = data.spec;
            d.data = p;
            d.resize = data.resize;
            d.color = data.color;
            SampleSource s = d.source(p).withoutLabels();
            sets.add(new OodEvaluation.OodData("--ood-data " + DataOptions.name(p), d.forModel(s, bench.model().metadata(), false, "evaluate ood")));
        }
        return sets;
    }

    /** Each stream of {@code --streams} as the model's samples, frame by frame. */
    private java.util.List<Samples> streamSamples(PolicyBench bench) {
        java.util.List<Samples> out = new java.util.ArrayList<>();
        for (SampleSource s : streamSources) out.add(data.forModel(s, bench.model().metadata(), false, "evaluate temporal"));
        return out;
    }

    private java.util.List<SampleSource> streamSources = java.util.List.of();

    @Override
    public Integer call() throws Exception {
        DecisionLogLevel.quiet();
        String table;
        SampleSource source = data.source(Home.dir().resolve("data/fashion-test-2000-images-idx3-ubyte.gz"));
        if (streams != null) {
            if (!what.equals("temporal")) throw new CommandLine.ParameterException(spec.commandLine(), "--streams is for evaluate temporal");
            try {
                streamSources = dev.warden.data.StreamFile.open(streams);
            } catch (dev.warden.data.DataFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (!oodData.isEmpty() && !what.equals("ood")) throw new CommandLine.ParameterException(spec.commandLine(), "--ood-data is for evaluate ood");
        try (PolicyBench bench = new PolicyBench(policy, model, Clock.systemUTC())) {
            String flags = data.flags(source);
            Samples test = data.forModel(source, bench.model().metadata(), what.equals("sanitize"), "evaluate " + what);
            table = switch (what) {
                case "ood" -> OodEvaluation.run(bench, test, ((dev.warden.data.ModelSamples) test).conversion(), oodSets(bench), perSet, seed)
                        .markdown("./warden evaluate ood --policy " + policy + " --per-set " + perSet + " --seed " + seed + flags
                                + oodData.stream().map(p -> " --ood-data " + DataOptions.name(p)).collect(java.util.stream.Collectors.joining()));
                case "crosscheck" -> {
                    if (examples == null) throw new CommandLine.ParameterException(spec.commandLine(), "crosscheck needs --examples DIR");
                    yield CrosscheckEvaluation.markdown(bench, test, AdversarialExamples.readAll(examples),
                            "./warden evaluate crosscheck --policy " + policy + " --examples " + examples + flags, examples.toString());
                }
                case "temporal" -> (streams == null ? TemporalEvaluation.run(bench, test, examples, length, share, seed)
                        : TemporalEvaluation.runStreams(bench, test, streamSamples(bench), DataOptions.name(streams), examples, share, seed))
                        .markdown("./warden evaluate temporal --policy " + policy + (examples == null ? "" : " --examples " + examples)
                                + (streams == null ? " --length " + length : " --streams " + DataOptions.name(streams))
                                + " --share " + share + " --seed " + seed + flags, examples == null ? "none" : examples.toString());
                case "sanitize" -> dev.warden.bench.SanitizeEvaluation.markdown(bench, test, examples,
                        "./warden evaluate sanitize --policy " + policy + (examples == null ? "" : " --examples " + examples) + flags);
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown evaluation '" + what + "' (ood, crosscheck, temporal, sanitize)");
            };
        }
        System.out.println(table);
        if (markdown != null) MarkdownSection.write(markdown, "evaluate-" + what, table);
        return 0;
    }
}
