package dev.warden.fuzz;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.warden.model.ModelMetadata;
import dev.warden.model.OnnxModel;
import dev.warden.model.TensorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model run with its chosen layers' activations as extra outputs (the graph rewritten in memory by
 * {@link GraphTap}). Each layer contributes one neuron per channel: a fully connected layer's units, and a
 * convolution's feature maps averaged over their spatial positions, as DeepXplore treats conv neurons.
 */
public final class ActivationModel implements AutoCloseable {
    /** One covered layer: the node, how many neurons it has and where they start in the neuron vector. */
    public record Layer(String node, String output, int neurons, int offset) {
    }

    /** What one run of one image gave: the scores output, the predicted class, non-finite outputs, the neurons. */
    public record Observation(double[] scores, int predicted, boolean nonFinite, float[] neurons) {
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final TensorSpec input;
    private final long[] imageShape;
    private final List<Layer> layers;
    private final int neurons;
    private final java.util.Set<String> modelOutputs;

    private ActivationModel(OrtSession session, ModelMetadata metadata, List<Layer> layers) {
        this.session = session;
        this.metadata = metadata;
        this.input = metadata.inputs().get(0);
        long[] s = input.shape();
        this.imageShape = java.util.Arrays.copyOfRange(s, 1, s.length);
        this.layers = List.copyOf(layers);
        this.modelOutputs = metadata.outputs().stream().map(TensorSpec::name).collect(java.util.stream.Collectors.toSet());
        this.neurons = layers.isEmpty() ? 0 : layers.get(layers.size() - 1).offset() + layers.get(layers.size() - 1).neurons();
    }

    /** {@code nodes} empty: every activation node (ReLU and the like); else those node names. */
    public static ActivationModel open(Path file, List<String> nodes) {
        ModelMetadata meta;
        try (OnnxModel plain = OnnxModel.load(file)) {
            meta = plain.metadata();
        }
        if (meta.inputs().size() != 1) throw new IllegalArgumentException("fuzzing needs a model with one input; " + file + " has " + meta.inputs().size());
        GraphTap.Tapped tapped;
        try {
            tapped = GraphTap.tap(Files.readAllBytes(file), nodes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(tapped.model(), options);
            try {
                return new ActivationModel(session, meta, measure(session, meta, tapped.taps()));
            } catch (RuntimeException | OrtException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the rewritten " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs one all-zero image to learn each layer's width (shapes of inner values are not declared in the graph). */
    private static List<Layer> measure(OrtSession session, ModelMetadata meta, List<GraphTap.Tap> taps) throws OrtException {
        TensorSpec in = meta.inputs().get(0);
        long[] shape = in.shape().clone();
        shape[0] = 1;
        for (int i = 1; i < shape.length; i++) if (shape[i] < 1) throw new IllegalArgumentException("input '" + in.name() + "' has a dynamic dimension " + i + "; fuzzing needs a fixed image shape");
        int size = 1;
        for (int i = 1; i < shape.length; i++) size *= (int) shape[i];
        List<Layer> layers = new ArrayList<>();
        try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(new float[size]), shape);
             OrtSession.Result r = session.run(Map.of(in.name(), t))) {
            int offset = 0;
            for (GraphTap.Tap tap : taps) {
                long[] s = ((OnnxTensor) r.get(tap.output()).orElseThrow()).getInfo().getShape();
                if (s.length < 2) throw new IllegalArgumentException("layer '" + tap.node() + "' has rank " + s.length + "; need [batch, channels, ...]");
                layers.add(new Layer(tap.node(), tap.output(), (int) s[1], offset));
                offset += (int) s[1];
            }
        }
        return layers;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public List<Layer> layers() {
        return layers;
    }

    public int neurons() {
        return neurons;
    }

    /** The shape of one image without the batch dimension. */
    public long[] imageShape() {
        return imageShape.clone();
    }

    public int pixels() {
        int n = 1;
        for (long d : imageShape) n *= (int) d;
        return n;
    }

    /** Runs a batch of images (flat, row-major, each {@link #pixels()} long). */
    public List<Observation> run(List<double[]> images) {
        int n = images.size(), px = pixels();
        float[] flat = new float[n * px];
        for (int i = 0; i < n; i++) {
            double[] img = images.get(i);
            for (int j = 0; j < px; j++) flat[i * px + j] = (float) img[j];
        }
        long[] shape = new long[imageShape.length + 1];
        shape[0] = n;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        String scoresName = metadata.scoresOutputOrFirst();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), shape);
             OrtSession.Result r = session.run(Map.of(input.name(), t))) {
            float[][] neuronRows = new float[n][neurons];
            for (Layer layer : layers) spread((OnnxTensor) r.get(layer.output()).orElseThrow(), layer, neuronRows);
            boolean[] nonFinite = new boolean[n];
            for (int i = 0; i < n; i++) for (float v : neuronRows[i]) if (!Float.isFinite(v)) nonFinite[i] = true;
            for (Map.Entry<String, OnnxValue> e : r) {
                // the model's own outputs; a non-finite tapped value already shows in its neuron's mean
                if (!modelOutputs.contains(e.getKey()) || !(e.getValue() instanceof OnnxTensor o)
                        || o.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) continue;
                FloatBuffer b = o.getFloatBuffer();
                int per = b.remaining() / n;
                for (int i = 0; i < b.remaining(); i++) if (!Float.isFinite(b.get(i))) nonFinite[i / per] = true;
            }
            FloatBuffer scores = ((OnnxTensor) r.get(scoresName).orElseThrow()).getFloatBuffer();
            int classes = scores.remaining() / n;
            List<Observation> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double[] s = new double[classes];
                int best = 0;
                for (int c = 0; c < classes; c++) {
                    s[c] = scores.get(i * classes + c);
                    if (s[c] > s[best]) best = c;
                }
                out.add(new Observation(s, best, nonFinite[i], neuronRows[i]));
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed in " + metadata.name() + ": " + e.getMessage(), e);
        }
    }

    /** Copies one layer's output into the neuron rows: per channel, the mean over the positions after it. */
    private static void spread(OnnxTensor value, Layer layer, float[][] rows) {
        FloatBuffer b = value.getFloatBuffer();
        int n = rows.length, c = layer.neurons();
        int per = b.remaining() / (n * c);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                int base = (i * c + k) * per;
                double sum = 0;
                for (int p = 0; p < per; p++) sum += b.get(base + p);
                rows[i][layer.offset() + k] = (float) (sum / per);
            }
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing " + metadata.name() + ": " + e.getMessage(), e);
        }
    }
}
