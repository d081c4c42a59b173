package dev.warden.fuzz.coverage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * TensorFuzz's corpus novelty (Odena et al., ICML 2019): an input is novel when its activation vector is
 * farther than a threshold r from every vector already in the corpus. TensorFuzz asks an approximate
 * nearest-neighbour library; here p-stable locality-sensitive hashing (Datar et al., SCG 2004, E2LSH): L
 * tables, each keyed by K quantized random Gaussian projections of width w, so a query compares exact
 * distances only with the vectors sharing a bucket in some table, not the whole corpus. A near neighbour
 * in a bucket no table shares is missed (the input is then called novel): the index errs towards novelty.
 */
public final class NoveltyIndex {
    public static final int TABLES = 8;
    public static final int PROJECTIONS = 6;
    /** Bucket width as a multiple of r: wide enough that points within r usually share a bucket. */
    public static final double WIDTH_FACTOR = 4.0;
    private final double radius;
    private final double width;
    private final float[][][] directions;
    private final double[][] offsets;
    private final List<Map<Long, List<Integer>>> tables = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();
    private long distanceComputations;

    public NoveltyIndex(int dimensions, double radius, long seed) {
        if (!(radius > 0)) throw new IllegalArgumentException("novelty radius must be > 0, not " + radius);
        this.radius = radius;
        this.width = WIDTH_FACTOR * radius;
        SplittableRandom rnd = new SplittableRandom(seed);
        directions = new float[TABLES][PROJECTIONS][dimensions];
        offsets = new double[TABLES][PROJECTIONS];
        for (int t = 0; t < TABLES; t++) {
            tables.add(new HashMap<>());
            for (int p = 0; p < PROJECTIONS; p++) {
                for (int d = 0; d < dimensions; d++) directions[t][p][d] = (float) gaussian(rnd);
                offsets[t][p] = rnd.nextDouble() * width;
            }
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public double radius() {
        return radius;
    }

    public int size() {
        return vectors.size();
    }

    /** Exact distances computed so far (the cost that LSH keeps below the corpus size per query). */
    public long distanceComputations() {
        return distanceComputations;
    }

    /** The distance to the nearest corpus vector found through the tables (infinity when none shares a bucket). */
    public double nearest(float[] v) {
        double best = Double.POSITIVE_INFINITY;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int t = 0; t < TABLES; t++) {
            List<Integer> bucket = tables.get(t).get(key(t, v));
            if (bucket == null) continue;
            for (int id : bucket) {
                if (!seen.add(id)) continue;
                distanceComputations++;
                best = Math.min(best, distance(v, vectors.get(id)));
            }
        }
        return best;
    }

    /** Adds v when it is novel (nearest corpus vector farther than r); returns whether it was added. */
    public boolean addIfNovel(float[] v) {
        if (nearest(v) <= radius) return false;
        add(v);
        return true;
    }

    public void add(float[] v) {
        int id = vectors.size();
        vectors.add(v.clone());
        for (int t = 0; t < TABLES; t++) tables.get(t).computeIfAbsent(key(t, v), x -> new ArrayList<>(2)).add(id);
    }

    private long key(int t, float[] v) {
        long h = 1125899906842597L;
        for (int p = 0; p < PROJECTIONS; p++) {
            float[] dir = directions[t][p];
            double dot = 0;
            for (int d = 0; d < v.length; d++) dot += dir[d] * v[d];
            h = 31 * h + (long) Math.floor((dot + offsets[t][p]) / width);
        }
        return h;
    }

    static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
