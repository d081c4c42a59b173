package dev.warden.fuzz.coverage;

/**
 * The criteria's parameters: NC's threshold on layer-scaled values, KMNC's sections, TKNC's k, and the
 * novelty radius as a quantile of nearest-neighbour distances among calibration inputs.
 */
public record CoverageSettings(double ncThreshold, int kmncSections, int tkncK, double noveltyQuantile) {
    public static final double DEFAULT_NOVELTY_QUANTILE = 0.1;

    public CoverageSettings {
        if (!(ncThreshold >= 0 && ncThreshold < 1)) throw new IllegalArgumentException("nc threshold must be in [0, 1), not " + ncThreshold);
        if (kmncSections < 1 || kmncSections > 100_000) throw new IllegalArgumentException("kmnc sections must be in 1..100000, not " + kmncSections);
        if (tkncK < 1) throw new IllegalArgumentException("tknc k must be >= 1, not " + tkncK);
        if (!(noveltyQuantile > 0 && noveltyQuantile < 1)) throw new IllegalArgumentException("novelty quantile must be in (0, 1), not " + noveltyQuantile);
    }

    public static CoverageSettings defaults() {
        return new CoverageSettings(NeuronCoverage.DEFAULT_THRESHOLD, MultisectionCoverage.DEFAULT_K, TopKCoverage.DEFAULT_K,
                DEFAULT_NOVELTY_QUANTILE);
    }

    /** The radius: this quantile of each calibration vector's distance to its nearest other one (scaled neurons). */
    public double noveltyRadius(NeuronBounds bounds, java.util.List<float[]> calibration) {
        int n = Math.min(calibration.size(), 500);
        if (n < 2) throw new IllegalArgumentException("novelty needs at least 2 calibration inputs");
        float[][] s = new float[n][];
        for (int i = 0; i < n; i++) s[i] = Coverage.scaled(bounds, calibration.get(i));
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) if (j != i) best = Math.min(best, NoveltyIndex.distance(s[i], s[j]));
            nearest[i] = best;
        }
        java.util.Arrays.sort(nearest);
        return Math.max(1e-6, nearest[(int) Math.floor(noveltyQuantile * (n - 1))]);
    }
}
