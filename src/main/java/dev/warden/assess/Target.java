package dev.warden.assess;

import dev.warden.guard.Reveal;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.DataType;
import dev.warden.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * What an attack talks to: a remote OIP v2 endpoint, an in-process guard, or a bare model. A target says
 * what its answers reveal and answers one request of at most {@link #maxBatch()} images as one of its
 * accounts (an API key, or a source address in process). Every image sent is one query.
 */
public interface Target extends AutoCloseable {
    /** Where the target is, for reports: a URL, {@code model:PATH} or {@code policy:PATH}. */
    String describe();

    String model();

    Reveal reveals();

    /** The shape of one image, without the batch dimension, e.g. {@code [1, 28, 28]}. */
    long[] imageShape();

    int classes();
    /** The name of the model input the images go to (Warden's bundled models call it {@code input}). */
    default String inputName() {
        return "input";
    }
    /** Class names, when the target knows them (empty: classes are shown by index). */
    default List<String> labels() {
        return List.of();
    }
    /** The SHA-256 of the model file when the target runs it here, else null. */
    default String modelSha256() {
        return null;
    }

    /**
     * What the target knows of the model, for converting data to its input: the real metadata for a model run
     * here; for others, one FP32 input of {@link #imageShape()} with the target's labels.
     */
    default ModelMetadata metadata() {
        long[] image = imageShape();
        long[] shape = new long[image.length + 1];
        shape[0] = -1;
        System.arraycopy(image, 0, shape, 1, image.length);
        return new ModelMetadata(model(), null, null, List.of(new TensorSpec(inputName(), DataType.FP32, shape)),
                List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, classes()})), labels(), null, null, null, null, null, modelSha256());
    }

    /** How many distinct accounts the target can be queried as. */
    int accounts();

    int maxBatch();

    Answer query(int account, List<double[]> images);

    /** Queries the target spent on itself (probing what it reveals), not charged to any attack. */
    default long setupQueries() {
        return 0;
    }

    /** The policy guarding the target, when it is a local one. */
    default Optional<Policy> policy() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }

    default int pixels() {
        int n = 1;
        for (long d : imageShape()) n *= (int) d;
        return n;
    }
}
