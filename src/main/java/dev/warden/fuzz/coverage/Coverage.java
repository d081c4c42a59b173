package dev.warden.fuzz.coverage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every criterion over the same inputs, so that their figures are measured on the same corpus: NC, KMNC,
 * NBC, SNAC, TKNC, and TensorFuzz's novelty (distances over neurons scaled by their calibration range, so
 * that wide layers do not drown narrow ones).
 */
public final class Coverage {
    /** The names guidance may use, in report order. */
    public static final List<String> GUIDES = List.of("nc", "kmnc", "nbc", "snac", "tknc", "novelty");
    private final List<Criterion> criteria;
    private final NeuronBounds bounds;
    private final NoveltyIndex novelty;

    public Coverage(CoverageSettings s, int[] layerStarts, NeuronBounds bounds, double noveltyRadius, long seed) {
        this.bounds = bounds;
        this.criteria = List.of(new NeuronCoverage(layerStarts, s.ncThreshold()), new MultisectionCoverage(bounds, s.kmncSections()),
                BoundaryCoverage.nbc(bounds), BoundaryCoverage.snac(bounds), new TopKCoverage(layerStarts, s.tkncK()));
        this.novelty = new NoveltyIndex(bounds.size(), noveltyRadius, seed);
    }

    /** Which criteria (by name, and "novelty") grew with this input. */
    public java.util.Set<String> add(float[] neurons) {
        java.util.Set<String> grew = new java.util.HashSet<>();
        for (Criterion c : criteria) if (c.add(neurons)) grew.add(c.name());
        if (novelty.addIfNovel(scaled(bounds, neurons))) grew.add("novelty");
        return grew;
    }

    /** Final value of each criterion under its short name, plus the novelty corpus size. */
    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Criterion c : criteria) m.put(c.name(), c.value());
        return m;
    }

    public int noveltyCorpus() {
        return novelty.size();
    }

    public NoveltyIndex noveltyIndex() {
        return novelty;
    }

    /** Neurons scaled by their calibration range: (v - low) / (high - low), 0 where the range is empty. */
    public static float[] scaled(NeuronBounds b, float[] v) {
        float[] s = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            float span = b.high(i) - b.low(i);
            s[i] = span > 0 ? (v[i] - b.low(i)) / span : 0f;
        }
        return s;
    }
}
