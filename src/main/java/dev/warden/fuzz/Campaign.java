package dev.warden.fuzz;

import dev.warden.fuzz.coverage.Coverage;
import dev.warden.fuzz.coverage.CoverageSettings;
import dev.warden.fuzz.coverage.NeuronBounds;
import dev.warden.fuzz.mutate.Mutation;
import dev.warden.fuzz.mutate.Mutators;
import dev.warden.model.ValueRange;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One fuzzing run. Coverage-guided (TensorFuzz, Odena et al. 2019; DeepHunter, Xie et al. 2019): pick a
 * parent as the {@link Schedule} says (from the corpus or from one seed's lineage), append one drawn
 * mutation to its chain, and keep the child when it grows the guiding criterion. Random: a uniform seed and
 * a chain of uniform length. Both run the same oracles and measure every criterion on every input they
 * execute, starting from the same seeds, so their figures compare at equal queries. A failure that starts a
 * new cluster is minimized (greedy: drop each mutation that is not needed for the failure; those queries
 * count too).
 */
final class Campaign {
    static final int BATCH = 16;
    static final int CHECKPOINTS = 40;
    private static final long LSH_SEED = 17;
    private final ActivationModel local;
    private final Mutators mutators;
    private final CoverageSettings settings;
    private final NeuronBounds bounds;
    private final double noveltyRadius;
    private final Seeds seeds;
    private final ValueRange range;

    /** The seed inputs: correctly classified by the local model, with their neurons measured once. */
    record Seeds(List<Integer> indices, List<double[]> inputs, int[] labels, List<float[]> neurons) {
    }

    Campaign(ActivationModel local, Mutators mutators, CoverageSettings settings, NeuronBounds bounds, double noveltyRadius,
             Seeds seeds, ValueRange range) {
        this.local = local;
        this.mutators = mutators;
        this.settings = settings;
        this.bounds = bounds;
        this.noveltyRadius = noveltyRadius;
        this.seeds = seeds;
        this.range = range;
    }

    int[] layerStarts() {
        int[] starts = new int[local.layers().size() + 1];
        for (int i = 0; i < local.layers().size(); i++) starts[i] = local.layers().get(i).offset();
        starts[starts.length - 1] = local.neurons();
        return starts;
    }

    RunResult run(Strategy strategy, String guide, Schedule schedule, long randomSeed, long budget, Supplier<Judge> judges,
                  Consumer<Checkpoint> progress) {
        if (strategy == Strategy.COVERAGE && !Coverage.GUIDES.contains(guide)) {
            throw new IllegalArgumentException("guide must be one of " + Coverage.GUIDES + ", not '" + guide + "'");
        }
        long started = System.nanoTime();
        Coverage coverage = new Coverage(settings, layerStarts(), bounds, noveltyRadius, LSH_SEED);
        List<Candidate> corpus = new ArrayList<>();
        List<List<Candidate>> lineages = new ArrayList<>();
        for (int i = 0; i < seeds.inputs().size(); i++) {
            coverage.add(seeds.neurons().get(i));
            corpus.add(new Candidate(i, seeds.labels()[i], List.of(), seeds.inputs().get(i)));
            lineages.add(new ArrayList<>(List.of(corpus.get(i))));
        }
        int seedCount = corpus.size();
        SplittableRandom random = new SplittableRandom(randomSeed);
        FailureClusters clusters = new FailureClusters(range);
        List<Finding> findings = new ArrayList<>();
        Map<String, Integer> byKind = new TreeMap<>();
        List<Checkpoint> timeline = new ArrayList<>();
        long queries = 0, every = Math.max(1, budget / CHECKPOINTS), nextMark = every;
        try (Judge judge = judges.get()) {
            while (queries < budget) {
                int n = (int) Math.min(BATCH, budget - queries);
                List<Candidate> batch = new ArrayList<>(n);
                for (int i = 0; i < n; i++) batch.add(strategy == Strategy.RANDOM ? randomChild(random)
                        : guidedChild(random, schedule == Schedule.SEED ? lineages.get(random.nextInt(lineages.size())) : corpus,
                                schedule == Schedule.SEED ? 1 : seedCount));
                List<Verdict> verdicts = judge.judge(batch);
                queries += n;
                for (Verdict v : verdicts) {
                    java.util.Set<String> grew = coverage.add(v.observation().neurons());
                    if (strategy == Strategy.COVERAGE && grew.contains(guide) && v.failed().isEmpty()) {
                        corpus.add(v.candidate());
                        lineages.get(v.candidate().seedIndex()).add(v.candidate());
                    }
                    for (Oracle o : v.failed().keySet()) {
                        if (!clusters.place(o, v.candidate().input()).isNew()) continue;
                        long[] spent = {queries};
                        Verdict minimal = minimize(v, o, judge, budget, spent);
                        queries = spent[0];
                        int cluster = clusters.open(o, minimal.candidate().input(), v.candidate().input());
                        Finding f = finding(cluster, o, minimal, v.candidate().chain().size(), randomSeed, strategy, queries);
                        findings.add(f);
                        for (String k : f.mutationKinds()) byKind.merge(k, 1, Integer::sum);
                    }
                }
                if (queries >= nextMark || queries >= budget) {
                    Checkpoint c = checkpoint(queries, started, coverage, corpus.size(), clusters, judge.oracles(), byKind);
                    timeline.add(c);
                    progress.accept(c);
                    while (nextMark <= queries) nextMark += every;
                }
            }
            return new RunResult(strategy, strategy == Strategy.RANDOM ? null : guide, randomSeed, budget, queries,
                    (System.nanoTime() - started) / 1e9, coverage.values(), coverage.noveltyCorpus(), corpus.size(), timeline, findings,
                    judge.refusals());
        }
    }

    private Candidate randomChild(SplittableRandom random) {
        int s = random.nextInt(seeds.inputs().size());
        int length = 1 + random.nextInt(mutators.limits().maxChain());
        List<Mutation> chain = new ArrayList<>(length);
        for (int i = 0; i < length; i++) chain.add(mutators.draw(random));
        return new Candidate(s, seeds.labels()[s], chain, mutators.apply(seeds.inputs().get(s), chain));
    }

    /** {@code pool}: the corpus, or one seed's lineage; its first {@code seedCount} entries are seeds. */
    private Candidate guidedChild(SplittableRandom random, List<Candidate> corpus, int seedCount) {
        boolean kept = corpus.size() > seedCount && random.nextBoolean();
        Candidate parent = kept ? corpus.get(seedCount + random.nextInt(corpus.size() - seedCount)) : corpus.get(random.nextInt(corpus.size()));
        List<Mutation> chain = new ArrayList<>(parent.chain());
        Mutation m = mutators.draw(random);
        if (chain.size() < mutators.limits().maxChain()) chain.add(m);
        else chain.set(random.nextInt(chain.size()), m);
        // replaying the whole chain from the seed keeps every finding reproducible from (seed, chain)
        int s = parent.seedIndex();
        return new Candidate(s, seeds.labels()[s], chain, mutators.apply(seeds.inputs().get(s), chain));
    }

    /** Greedy minimization: drops each mutation whose removal keeps the same oracle failing. */
    private Verdict minimize(Verdict found, Oracle oracle, Judge judge, long budget, long[] queries) {
        Verdict best = found;
        int i = 0;
        while (i < best.candidate().chain().size() && best.candidate().chain().size() > 1 && queries[0] < budget) {
            List<Mutation> shorter = new ArrayList<>(best.candidate().chain());
            shorter.remove(i);
            Candidate c = best.candidate();
            Candidate trial = new Candidate(c.seedIndex(), c.label(), shorter, mutators.apply(seeds.inputs().get(c.seedIndex()), shorter));
            Verdict v = judge.judge(List.of(trial)).get(0);
            queries[0]++;
            if (v.failed().containsKey(oracle)) best = v;
            else i++;
        }
        return best;
    }

    private Finding finding(int n, Oracle o, Verdict v, int originalLength, long randomSeed, Strategy strategy, long queries) {
        Candidate c = v.candidate();
        long[] shape = new long[local.imageShape().length + 1];
        shape[0] = 1;
        System.arraycopy(local.imageShape(), 0, shape, 1, shape.length - 1);
        Tensor input = Tensor.fp32(local.metadata().inputs().get(0).name(), shape, c.input());
        String id = o.wire() + "-" + String.format("%04d", n + 1);
        return new Finding(id, o, c.label(), v.failed().get(o), seeds.indices().get(c.seedIndex()), c.chain(), randomSeed,
                strategy.wire(), input, queries, originalLength, v.details().get(o));
    }

    private static Checkpoint checkpoint(long queries, long started, Coverage coverage, int corpus, FailureClusters clusters,
                                         List<Oracle> oracles, Map<String, Integer> byKind) {
        Map<String, Integer> byOracle = new TreeMap<>();
        for (Oracle o : oracles) byOracle.put(o.wire(), clusters.count(o));
        return new Checkpoint(queries, (System.nanoTime() - started) / 1e9, coverage.values(), coverage.noveltyCorpus(), corpus,
                byOracle, new TreeMap<>(byKind));
    }
}
