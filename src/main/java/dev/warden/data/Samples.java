package dev.warden.data;

/**
 * Samples ready for a model: each one's values in the model's input units and layout (pixels in the input's
 * declared range, not normalized), flat and row-major, with its class when the data is labelled.
 */
public interface Samples {
    /** Where the samples come from, for messages and records. */
    String source();

    int count();

    /** Sample {@code index}, converted to the model's per-sample input (without the batch dimension). */
    double[] image(int index);

    default boolean labelled() {
        return true;
    }

    /** The class index of sample {@code index}; fails naming the source when the data has no labels. */
    int label(int index);

    /**
     * The first {@code limit} samples (all, when fewer) converted once and held in memory: for loops that must
     * not pay for decoding, such as latency benchmarks.
     */
    static Samples loaded(Samples samples, int limit) {
        int n = Math.min(limit, samples.count());
        double[][] images = new double[n][];
        int[] labels = samples.labelled() ? new int[n] : null;
        for (int i = 0; i < n; i++) {
            images[i] = samples.image(i);
            if (labels != null) labels[i] = samples.label(i);
        }
        String source = samples.source();
        return new Samples() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public int count() {
                return n;
            }

            @Override
            public double[] image(int index) {
                return images[index].clone();
            }

            @Override
            public boolean labelled() {
                return labels != null;
            }

            @Override
            public int label(int index) {
                if (labels == null) throw new DataFormatException(source + " has no labels, and they are needed here");
                return labels[index];
            }
        };
    }
}
