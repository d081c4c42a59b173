package dev.warden.cli;

import dev.warden.data.SampleSource;
import dev.warden.init.InitPlan;
import dev.warden.init.Onboarding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"From a model Warden has never seen to a policy that fits it: writes DIR/policy.yaml (the starter",
                "chain the model can carry, enforced), DIR/<name>.json (a sidecar with what was inferred) and, with",
                "--data, the calibration; prints what it inferred and what you still need to say."})
final class InitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "the ONNX model")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write policy.yaml, the sidecar and the calibration")
    Path out;

    @Option(names = "--name", description = "the model's name on the API (default: the file name without .onnx)")
    String name;

    @Option(names = "--labels", paramLabel = "FILE", description = "class labels, one per line, in class-index order")
    Path labels;

    @CommandLine.Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the calibration (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--force", description = "overwrite an existing DIR/policy.yaml")
    boolean force;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(model)) throw usage("--model " + model + ": no such file");
        if (Files.exists(out.resolve("policy.yaml")) && !force) throw usage(out.resolve("policy.yaml") + " exists; give --force to overwrite it");
        String modelName = name != null ? name : model.getFileName().toString().replaceFirst("\\.onnx$", "");
        SampleSource source = data.data == null ? null : data.source(data.data);
        List<String> labelList = labels != null ? readLabels(labels) : labelsFromData(source);
        Onboarding.Data benign = source == null ? null : new Onboarding.Data(DataOptions.name(source.path()), source.sha256(),
                meta -> data.forModel(source, meta, false, "init"));
        Onboarding.Request request;
        try {
            request = new Onboarding.Request(model, modelName, labelList, benign, out, seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        InitPlan plan = new Onboarding(line -> {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
        }).run(request);
        plan.lines().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** An image folder's class folders are the labels when they are names (torchvision's ImageFolder: sorted). */
    private static List<String> labelsFromData(SampleSource source) {
        if (source == null || !source.labelled()) return null;
        List<String> names = source.labelNames().stream().sorted().toList();
        return names.stream().allMatch(n -> n.matches("\\d+")) ? null : names;
    }

    private List<String> readLabels(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) throw usage("--labels " + file + " holds no labels");
            return lines;
        } catch (IOException e) {
            throw usage("--labels " + file + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
