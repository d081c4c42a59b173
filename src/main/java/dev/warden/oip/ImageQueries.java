package dev.warden.oip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Builds OIP requests from images and reads predicted classes back, for clients of image classifiers:
 * the input's name and per-image shape come from the server's model metadata.
 */
public final class ImageQueries {
    private final String inputName;
    private final long[] imageShape;
    private final DataType datatype;

    public ImageQueries(String inputName, long[] imageShape) {
        this(inputName, imageShape, DataType.FP32);
    }

    /** Queries sent in the input's own {@code datatype} (values rounded by the caller for integer inputs). */
    public ImageQueries(String inputName, long[] imageShape, DataType datatype) {
        this.inputName = inputName;
        this.imageShape = imageShape.clone();
        this.datatype = datatype.isNumeric() ? datatype : DataType.FP32;
    }

    /** Reads the first input's name and shape (less the batch dimension) from a model metadata document. */
    public static ImageQueries fromMetadata(JsonNode metadata) {
        JsonNode input = metadata.path("inputs").path(0);
        if (input.isMissingNode()) throw new OipFormatException("model metadata lists no inputs");
        JsonNode shape = input.path("shape");
        long[] perImage = new long[Math.max(0, shape.size() - 1)];
        for (int i = 1; i < shape.size(); i++) perImage[i - 1] = shape.get(i).asLong();
        DataType type = DataType.FP32;
        try {
            type = DataType.valueOf(input.path("datatype").asText("FP32"));
        } catch (IllegalArgumentException unknown) {
            // a datatype this client does not know: FP32, which servers convert from
        }
        return new ImageQueries(input.path("name").asText(), perImage, type);
    }

    public InferRequest request(String id, List<double[]> images) {
        int size = 1;
        for (long d : imageShape) size *= (int) d;
        double[] flat = new double[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            double[] img = images.get(i);
            if (img.length != size) throw new IllegalArgumentException("image " + i + " has " + img.length + " values, the model takes " + size);
            System.arraycopy(img, 0, flat, i * size, size);
        }
        long[] shape = new long[imageShape.length + 1];
        shape[0] = images.size();
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        return new InferRequest(id, Map.of(), List.of(Tensor.numeric(inputName, datatype, shape, flat)), List.of());
    }

    /**
     * The predicted class of each image: the {@code class} output of a hardened response, else the arg-max
     * of the {@code logits} (or first) output of a full-score response.
     */
    public static int[] predictedClasses(InferResponse response, int count) {
        Tensor classes = find(response, "class");
        int[] out = new int[count];
        if (classes != null) {
            int perRow = classes.size() / count;
            for (int i = 0; i < count; i++) out[i] = (int) classes.values()[i * perRow];
            return out;
        }
        Tensor scores = find(response, "logits");
        if (scores == null) scores = response.outputs().isEmpty() ? null : response.outputs().get(0);
        if (scores == null || !scores.isNumeric()) throw new OipFormatException("response reveals no class or scores output");
        int classesPerRow = scores.size() / count;
        for (int i = 0; i < count; i++) out[i] = Softmax.argmax(scores.values(), i, classesPerRow);
        return out;
    }

    /** The images of the batch the guard did not answer (response parameter {@code withheld}: [{"index": i, ...}]). */
    public static java.util.Set<Integer> withheldRows(InferResponse response) {
        return withheldRows(response.parameters());
    }

    /** The same from a response's parameters. */
    public static java.util.Set<Integer> withheldRows(Map<String, Object> parameters) {
        java.util.Set<Integer> rows = new java.util.TreeSet<>();
        if (parameters.get("withheld") instanceof java.util.List<?> list) {
            for (Object o : list) if (o instanceof Map<?, ?> m && m.get("index") instanceof Number n) rows.add(n.intValue());
        }
        return rows;
    }

    private static Tensor find(InferResponse response, String name) {
        for (Tensor t : response.outputs()) if (t.name().equals(name)) return t;
        return null;
    }
}
