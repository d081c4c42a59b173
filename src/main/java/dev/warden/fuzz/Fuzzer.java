package dev.warden.fuzz;

import dev.warden.assess.GuardTarget;
import dev.warden.assess.HttpTarget;
import dev.warden.assess.Target;
import dev.warden.fuzz.coverage.NeuronBounds;
import dev.warden.fuzz.mutate.InputSpace;
import dev.warden.fuzz.mutate.Mutators;
import dev.warden.model.Model;
import dev.warden.policy.ModelConfig;
import dev.warden.model.OnnxModel;
import dev.warden.model.ValueRange;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a campaign: loads the local model with its activations tapped, fits neuron bounds on calibration
 * data, picks the seeds (the first ones the local model classifies correctly), then runs the primary run
 * (the strategy asked for, with the first guide and the given seed) and, for the comparison, every other
 * (strategy, guide) at the same budget for each of the repeated random seeds. Each run gets a fresh guard
 * in process (its stateful defenses start empty), so that runs do not see each other's queries.
 */
public final class Fuzzer {
    /** In process, queries rotate over this many anonymous source addresses. */
    static final int ACCOUNTS = 1024;
    private final FuzzSettings settings;
    private final Path home;

    public Fuzzer(FuzzSettings settings, Path home) {
        this.settings = settings;
        this.home = home;
    }

    /** {@code progress}: called at each checkpoint of each run with the run's label. */
    public FuzzReport run(java.util.function.BiConsumer<String, Checkpoint> progress) {
        Instant started = Instant.now();
        Policy policy = settings.policy() == null ? null : PolicyLoader.load(settings.policy());
        String modelName = settings.model() != null ? settings.model() : policy != null ? firstServed(policy) : "fashion-cnn";
        Path modelFile = settings.localModel() != null ? settings.localModel() : onnxFile(policy, modelName);
        FuzzData data = FuzzData.load(home, settings.data(), settings.calibrationData());
        try (ActivationModel local = ActivationModel.open(modelFile, settings.layers());
             PeerModels peers = new PeerModels(peers(policy, modelName, local), local.imageShape())) {
            if (data.seeds().images().pixelsPerImage() != local.pixels()) {
                throw new IllegalArgumentException("the data's inputs have " + data.seeds().images().pixelsPerImage() + " values, the model's "
                        + local.pixels());
            }
            ValueRange range = local.metadata().inputRange() != null ? local.metadata().inputRange() : new ValueRange(0, 1);
            List<double[]> calInputs = data.calibrationInputs(settings.calibrationInputs());
            List<float[]> calNeurons = neurons(local, calInputs);
            NeuronBounds bounds = NeuronBounds.fit(calNeurons);
            double radius = settings.coverage().noveltyRadius(bounds, calNeurons);
            InputSpace space = InputSpace.of(local.imageShape(), range.min(), range.max(), featureMin(calInputs), featureMax(calInputs));
            Mutators mutators = new Mutators(space, settings.limits(), settings.mutations());
            Campaign.Seeds seeds = seeds(local, data);
            Campaign campaign = new Campaign(local, mutators, settings.coverage(), bounds, radius, seeds, range);
            List<Oracle> oracles = oracles(peers);
            Map<String, Double> throughput = Throughput.measure(modelFile, local, seeds.inputs());
            List<RunResult> runs = new ArrayList<>();
            for (Plan p : plans()) {
                String label = p.strategy == Strategy.RANDOM ? "random" : "coverage:" + p.guide;
                Consumer<Checkpoint> each = c -> progress.accept(label + " seed " + p.seed, c);
                Supplier<Judge> judges = () -> new Judge(local, peers, oracles.contains(Oracle.BYPASS) ? guard(modelName) : null, oracles);
                runs.add(campaign.run(p.strategy, p.guide, settings.schedule(), p.seed, settings.budget(), judges, each));
            }
            List<String> layers = local.layers().stream().map(l -> l.node() + " (" + l.neurons() + ")").toList();
            Map<String, Object> criteria = new LinkedHashMap<>();
            criteria.put("nc_threshold", settings.coverage().ncThreshold());
            criteria.put("kmnc_sections", settings.coverage().kmncSections());
            criteria.put("tknc_k", settings.coverage().tkncK());
            criteria.put("novelty_quantile", settings.coverage().noveltyQuantile());
            return new FuzzReport(settings.target() != null ? settings.target() : "policy:" + settings.policy(), local.metadata().name(),
                    local.metadata().sha256(), peers.names(), oracles, settings.budget(), seeds.inputs().size(), calInputs.size(), layers,
                    local.neurons(), criteria, radius, throughput, runs, started, Instant.now());
        }
    }

    private record Plan(Strategy strategy, String guide, long seed) {
    }

    /** The primary run first, then the rest of the comparison, seed by seed. */
    private List<Plan> plans() {
        List<Plan> plans = new ArrayList<>();
        for (int r = 0; r < settings.repeats(); r++) {
            long seed = settings.seed() + r;
            if (settings.strategy() == Strategy.COVERAGE) {
                for (String g : settings.guides()) plans.add(new Plan(Strategy.COVERAGE, g, seed));
            }
            plans.add(new Plan(Strategy.RANDOM, null, seed));
        }
        return plans;
    }

    private List<Oracle> oracles(PeerModels peers) {
        if (!settings.oracles().isEmpty()) return settings.oracles();
        List<Oracle> all = new ArrayList<>(List.of(Oracle.MISCLASSIFICATION));
        if (!peers.isEmpty()) all.add(Oracle.DISAGREEMENT);
        all.add(Oracle.NAN);
        all.add(Oracle.BYPASS);
        return all;
    }

    private GuardOracle guard(String modelName) {
        Target t = settings.policy() != null
                ? GuardTarget.open(settings.policy(), modelName, settings.apiKeys(), ACCOUNTS)
                : HttpTarget.connect(settings.target(), modelName, settings.apiKeys(), Duration.ofSeconds(30), 1);
        return new GuardOracle(t);
    }

    private static String firstServed(Policy policy) {
        return policy.models().stream().filter(ModelConfig::serve).map(ModelConfig::name).sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("policy " + policy.source() + " serves no model"));
    }

    private static Path onnxFile(Policy policy, String name) {
        ModelConfig m = policy.model(name).orElseThrow(() -> new IllegalArgumentException("policy " + policy.source() + " has no model '" + name + "'"));
        if (!m.backend().equals("onnx")) throw new IllegalArgumentException("model '" + name + "' is remote (backend oip): give --local-model FILE.onnx");
        return policy.resolve(m.path());
    }

    private List<Model> peers(Policy policy, String modelName, ActivationModel local) {
        List<Model> out = new ArrayList<>();
        List<Path> files = new ArrayList<>(settings.peerModels());
        if (policy != null) {
            for (ModelConfig m : policy.models()) if (!m.name().equals(modelName) && m.backend().equals("onnx")) files.add(policy.resolve(m.path()));
        }
        for (Path f : files) {
            OnnxModel m = OnnxModel.load(f);
            if (java.util.Arrays.equals(m.metadata().inputs().get(0).shape(), local.metadata().inputs().get(0).shape())) out.add(m);
            else m.close();
        }
        return out;
    }

    private static List<float[]> neurons(ActivationModel local, List<double[]> inputs) {
        List<float[]> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i += 64) {
            for (ActivationModel.Observation o : local.run(inputs.subList(i, Math.min(inputs.size(), i + 64)))) out.add(o.neurons());
        }
        return out;
    }

    private Campaign.Seeds seeds(ActivationModel local, FuzzData data) {
        List<Integer> indices = new ArrayList<>();
        List<double[]> inputs = new ArrayList<>();
        List<float[]> neurons = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int start = 0; start < data.seeds().count() && inputs.size() < settings.seedInputs(); start += 64) {
            List<double[]> batch = new ArrayList<>();
            for (int i = start; i < Math.min(data.seeds().count(), start + 64); i++) batch.add(data.seeds().image(i));
            List<ActivationModel.Observation> seen = local.run(batch);
            for (int j = 0; j < batch.size() && inputs.size() < settings.seedInputs(); j++) {
                if (seen.get(j).predicted() != data.seeds().label(start + j)) continue;
                indices.add(start + j);
                inputs.add(batch.get(j));
                neurons.add(seen.get(j).neurons());
                labels.add(data.seeds().label(start + j));
            }
        }
        if (inputs.isEmpty()) throw new IllegalArgumentException("the model classifies none of the seed inputs correctly");
        return new Campaign.Seeds(indices, inputs, labels.stream().mapToInt(Integer::intValue).toArray(), neurons);
    }

    private static float[] featureMin(List<double[]> inputs) {
        float[] m = new float[inputs.get(0).length];
        java.util.Arrays.fill(m, Float.POSITIVE_INFINITY);
        for (double[] x : inputs) for (int i = 0; i < m.length; i++) m[i] = (float) Math.min(m[i], x[i]);
        return m;
    }

    private static float[] featureMax(List<double[]> inputs) {
        float[] m = new float[inputs.get(0).length];
        java.util.Arrays.fill(m, Float.NEGATIVE_INFINITY);
        for (double[] x : inputs) for (int i = 0; i < m.length; i++) m[i] = (float) Math.max(m[i], x[i]);
        return m;
    }
}
