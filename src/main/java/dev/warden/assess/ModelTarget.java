package dev.warden.assess;

import dev.warden.guard.Reveal;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** A bare model, in process: full scores, no accounts, nothing rejected. The unguarded reference. */
public final class ModelTarget implements Target {
    public static final int DEFAULT_MAX_BATCH = 256;
    private final Model model;
    private final String where;
    private final boolean owned;
    private final TensorSpec input;
    private final long[] imageShape;
    private final int classes;

    /** {@code owned}: close the model with the target. */
    public ModelTarget(Model model, String where, boolean owned) {
        this.model = model;
        this.where = where;
        this.owned = owned;
        ModelMetadata meta = model.metadata();
        this.input = meta.inputs().get(0);
        this.imageShape = perImage(input.shape());
        this.classes = classesOf(meta);
    }

    static long[] perImage(long[] shape) {
        long[] out = new long[shape.length - 1];
        System.arraycopy(shape, 1, out, 0, out.length);
        for (long d : out) if (d < 1) throw new IllegalArgumentException("the model's input has a free dimension besides the batch: " + java.util.Arrays.toString(shape));
        return out;
    }

    static int classesOf(ModelMetadata meta) {
        if (!meta.labels().isEmpty()) return meta.labels().size();
        long[] s = meta.output(meta.scoresOutputOrFirst()).orElseThrow().shape();
        return (int) s[s.length - 1];
    }

    static Tensor batch(TensorSpec input, long[] imageShape, List<double[]> images) {
        int size = 1;
        for (long d : imageShape) size *= (int) d;
        double[] flat = new double[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            double[] image = images.get(i);
            if (image.length != size) {
                throw new IllegalArgumentException("an image of " + image.length + " values was sent to input '" + input.name() + "', which takes "
                        + java.util.Arrays.toString(imageShape) + " = " + size + " values per image");
            }
            System.arraycopy(image, 0, flat, i * size, size);
        }
        long[] shape = new long[imageShape.length + 1];
        shape[0] = images.size();
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        return Tensor.numeric(input.name(), input.datatype(), shape, flat);
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public ModelMetadata metadata() {
        return model.metadata();
    }

    @Override
    public String inputName() {
        return input.name();
    }

    @Override
    public List<String> labels() {
        return model.metadata().labels();
    }

    @Override
    public String modelSha256() {
        return model.metadata().sha256();
    }

    @Override
    public String model() {
        return model.metadata().name();
    }

    @Override
    public Reveal reveals() {
        return Reveal.SCORES;
    }

    @Override
    public long[] imageShape() {
        return imageShape.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int accounts() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int maxBatch() {
        return DEFAULT_MAX_BATCH;
    }

    @Override
    public Answer query(int account, List<double[]> images) {
        ModelMetadata meta = model.metadata();
        Map<String, Tensor> out = model.infer(Map.of(input.name(), batch(input, imageShape, images)));
        return Predictions.decode(out.values(), meta.scoresOutputOrFirst(), meta.scoresKind(), classes, images.size());
    }

    @Override
    public void close() {
        if (owned) model.close();
    }
}
