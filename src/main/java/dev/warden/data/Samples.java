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
}
