package dev.warden.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads OIP v2 inference requests and responses with Jackson's streaming parser straight into the
 * tensors' primitive arrays: no JSON tree of the data is built, and nothing is sized from a declared shape
 * before the shape has passed, in this order, overflow-safe arithmetic, the element limit, what the body's
 * remaining bytes can carry (two bytes per element at least: a digit and a separator) and, for requests,
 * the model's declared input shape. A body can therefore make the parser allocate about eight bytes per
 * byte it sends, never more, whatever its shapes say. JSON nesting is bounded by {@link OipLimits#maxDepth()}
 * through Jackson's read constraints. NaN and Infinity literals are accepted so that the guard, not the
 * parser, rejects them with a precise reason.
 */
public final class OipRequestReader {
    /** The header length that means "the whole body is JSON". */
    public static final int NO_BINARY = -1;
    private static final String BINARY_DATA = OipFormatException.BAD_BINARY_DATA;
    private static final String BINARY_SIZE_MISMATCH = OipFormatException.BINARY_SIZE_MISMATCH;
    private final OipLimits limits;
    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public OipRequestReader(OipLimits limits) {
        this.limits = limits;
        this.mapper = JsonMapper.builder(JsonFactory.builder()
                        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth()).build())
                        .build())
                .build();
        this.factory = mapper.getFactory();
    }

    public OipLimits limits() {
        return limits;
    }

    /**
     * Reads a request; {@code declared} (may be empty) are the model's inputs, whose shapes bound what a
     * tensor of the same name may declare.
     */
    public InferRequest readRequest(byte[] body, List<TensorSpec> declared) {
        return readRequest(body, NO_BINARY, declared);
    }

    /**
     * Reads a request of the binary tensor extension: a JSON header of {@code headerLength} bytes, then the raw
     * bytes of each input that declares {@code parameters.binary_data_size}, in the inputs' order.
     * {@code headerLength} {@link #NO_BINARY} reads a JSON body.
     */
    public InferRequest readRequest(byte[] body, int headerLength, List<TensorSpec> declared) {
        BinarySection binary = BinarySection.of(body, headerLength, "request");
        return parse(body, binary, "request", p -> request(p, binary, declared));
    }

    public InferResponse readResponse(byte[] body) {
        return readResponse(body, NO_BINARY);
    }

    /** Reads a response whose outputs may be binary ({@code headerLength} from its Inference-Header-Content-Length). */
    public InferResponse readResponse(byte[] body, int headerLength) {
        BinarySection binary = BinarySection.of(body, headerLength, "response");
        return parse(body, binary, "response", p -> response(p, binary));
    }

    private interface Body<T> {
        T read(JsonParser p) throws IOException;
    }

    private <T> T parse(byte[] body, BinarySection binary, String what, Body<T> reader) {
        if (body == null || body.length == 0) throw new OipFormatException(what + " body is empty");
        try (JsonParser p = factory.createParser(body, 0, binary.headerLength())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new OipFormatException(what + " body must be a JSON object");
            T value = reader.read(p);
            if (p.nextToken() != null) throw new OipFormatException(what + " body has content after its JSON object");
            binary.requireConsumed();
            return value;
        } catch (StreamConstraintsException e) {
            boolean depth = e.getMessage() != null && e.getMessage().contains("nesting depth");
            throw new OipFormatException(depth ? OipFormatException.TOO_DEEP : OipFormatException.BAD_REQUEST,
                    what + " body exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new OipFormatException(what + " body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InferRequest request(JsonParser p, BinarySection binary, List<TensorSpec> declared) throws IOException {
        String id = null;
        Map<String, Object> parameters = Map.of();
        List<Tensor> inputs = null;
        OutputRequests.Outputs outputs = new OutputRequests.Outputs();
        Budget budget = new Budget(limits.maxElements(), binary);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, value, "request field 'id'");
                case "parameters" -> parameters = parameters(p, value);
                case "inputs" -> {
                    if (value != JsonToken.START_ARRAY) throw new OipFormatException("'inputs' must be a non-empty array of tensors");
                    inputs = tensors(p, "inputs", "input", declared, budget);
                    if (inputs.isEmpty()) throw new OipFormatException("'inputs' must be a non-empty array of tensors");
                }
                case "outputs" -> outputs = OutputRequests.read(p, value, mapper);
                default -> p.skipChildren();
            }
        }
        if (inputs == null) throw new OipFormatException("'inputs' must be a non-empty array of tensors");
        return new InferRequest(id, parameters, inputs, outputs.names, outputs.binary);
    }

    private InferResponse response(JsonParser p, BinarySection binary) throws IOException {
        String name = null;
        String version = null;
        String id = null;
        Map<String, Object> parameters = Map.of();
        List<Tensor> outputs = null;
        Budget budget = new Budget(limits.maxElements(), binary);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "model_name" -> name = text(p, value, "response field 'model_name'");
                case "model_version" -> version = text(p, value, "response field 'model_version'");
                case "id" -> id = text(p, value, "response field 'id'");
                case "parameters" -> parameters = parameters(p, value);
                case "outputs" -> {
                    if (value != JsonToken.START_ARRAY) throw new OipFormatException("response has no 'outputs' array");
                    outputs = tensors(p, "outputs", "output", List.of(), budget);
                }
                default -> p.skipChildren();
            }
        }
        if (outputs == null) throw new OipFormatException("response has no 'outputs' array");
        return new InferResponse(name, version, id, parameters, outputs);
    }

    private List<Tensor> tensors(JsonParser p, String path, String kind, List<TensorSpec> declared, Budget budget) throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String at = path + "[" + tensors.size() + "]";
            if (t != JsonToken.START_OBJECT) throw new OipFormatException(at + " must be an object");
            tensors.add(new TensorReader(p, at, kind, declared, budget).read());
        }
        return tensors;
    }

    /** Elements still allowed to this message, the JSON length that bounds them, and the binary bytes. */
    static final class Budget {
        long elements;
        final int bodyLength;
        final BinarySection binary;

        Budget(long elements, BinarySection binary) {
            this.elements = elements;
            this.bodyLength = binary.headerLength();
            this.binary = binary;
        }
    }

    /** One tensor object; fields may come in any order, so {@code data} may precede its shape and datatype. */
    private final class TensorReader {
        private final JsonParser p;
        private final String path;
        private final String kind;
        private final List<TensorSpec> declared;
        private final Budget budget;
        private String name;
        private DataType type;
        private String typeText;
        private boolean typeGiven;
        private long[] shape;
        private long expected = -1;
        private TensorData data;
        private long binarySize = -1;

        TensorReader(JsonParser p, String path, String kind, List<TensorSpec> declared, Budget budget) {
            this.p = p;
            this.path = path;
            this.kind = kind;
            this.declared = declared;
            this.budget = budget;
        }

        private String where() {
            return name == null ? path : kind + " '" + name + "'";
        }

        Tensor read() throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "name" -> {
                        if (value != JsonToken.VALUE_STRING || p.getText().isEmpty()) throw new OipFormatException(path + ".name must be a non-empty string");
                        name = p.getText();
                    }
                    case "datatype" -> {
                        typeGiven = true;
                        typeText = value.isScalarValue() ? p.getText() : value.asString();
                        type = value == JsonToken.VALUE_STRING ? DataType.fromOip(typeText) : null;
                        if (value.isStructStart()) p.skipChildren();
                    }
                    case "shape" -> shape = shape(p, value, where(), false, limits.maxDepth());
                    case "data" -> readData(value);
                    case "parameters" -> binarySize = OutputRequests.binaryDataSize(p, value, path, mapper);
                    default -> p.skipChildren();
                }
            }
            if (name == null) throw new OipFormatException(path + ".name must be a non-empty string");
            if (type == null) {
                throw new OipFormatException(where() + ": datatype " + (typeGiven ? "'" + typeText + "' is not an OIP datatype" : "is missing"));
            }
            if (shape == null) throw new OipFormatException(where() + ": 'shape' must be an array of integers");
            if (binarySize >= 0) return readBinary();
            if (data == null) {
                throw new OipFormatException(where() + ": 'data' is missing (or, with the binary tensor extension, 'parameters.binary_data_size')");
            }
            if (expected < 0) expected = admit(Long.MAX_VALUE);
            TensorData.Values values = data.finish(type, shape, expected);
            return type == DataType.BYTES ? Tensor.bytes(name, shape, values.strings()) : Tensor.numeric(name, type, shape, values.numbers());
        }

        private Tensor readBinary() {
            String where = where();
            if (data != null) throw new OipFormatException(BINARY_DATA, where + " has both 'data' and 'parameters.binary_data_size'");
            if (type == DataType.BYTES) {
                expected = admit(binarySize / 4); // each element takes its 4-byte length at least
            } else {
                long needed = BinaryTensors.byteSize(type, shape);
                if (needed != binarySize) {
                    throw new OipFormatException(BINARY_SIZE_MISMATCH, where + ": binary_data_size is " + binarySize + " bytes but "
                            + type + " " + Arrays.toString(shape) + " takes " + needed);
                }
                expected = admit(Long.MAX_VALUE);
            }
            return BinaryTensors.decode(name, type, shape, budget.binary.take(where, binarySize));
        }

        private void readData(JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) throw new OipFormatException(where() + ": 'data' must be an array");
            long room = roomInBody();
            if (shape != null && type != null) {
                expected = admit(room);
                data = TensorData.read(p, where(), type, shape, (int) expected, limits.maxDepth());
            } else {
                // Shape or datatype still unknown: grow with what the body holds; checked when the object ends.
                int cap = (int) Math.min(Math.min(budget.elements, room), Integer.MAX_VALUE - 8);
                data = TensorData.read(p, where(), null, null, cap, limits.maxDepth());
            }
        }

        /** Elements the rest of the body can carry: each needs at least one character and one separator. */
        private long roomInBody() {
            long offset = Math.max(0, p.currentLocation().getByteOffset());
            return (budget.bodyLength - offset + 1) / 2;
        }

        /** Checks the declared shape before anything is sized from it; returns its element count. */
        private long admit(long room) {
            String where = where();
            long n = Shapes.elementCount(shape, where);
            if (n > budget.elements) {
                throw new OipFormatException(OipFormatException.TOO_MANY_ELEMENTS, where + ": shape " + Arrays.toString(shape) + " has "
                        + n + " elements, more than the limit of " + limits.maxElements() + " elements per request");
            }
            if (n > room) {
                throw new OipFormatException(OipFormatException.SHAPE_EXCEEDS_BODY, where + ": shape " + Arrays.toString(shape) + " has "
                        + n + " elements, more than the " + budget.bodyLength + "-byte body can hold");
            }
            if (name != null) {
                for (TensorSpec spec : declared) {
                    if (spec.name().equals(name) && !Shapes.admits(spec.shape(), shape)) {
                        throw new OipFormatException(OipFormatException.SHAPE_MISMATCH, where + " has shape " + Arrays.toString(shape)
                                + " but the model takes " + Arrays.toString(spec.shape()));
                    }
                }
            }
            budget.elements -= n;
            return n;
        }
    }

    /** Reads a shape; -1 (a free dimension) is allowed only in metadata, never in a tensor. */
    static long[] shape(JsonParser p, JsonToken value, String where, boolean allowFree, int maxRank) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new OipFormatException(where + ": 'shape' must be an array of integers");
        }
        long[] dims = new long[4];
        int rank = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (rank >= maxRank) throw new OipFormatException(OipFormatException.TOO_DEEP, where + ": shape has more than " + maxRank + " dimensions");
            if (t != JsonToken.VALUE_NUMBER_INT) throw new OipFormatException(where + ": shape[" + rank + "] is not an integer");
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new OipFormatException(OipFormatException.SHAPE_OVERFLOW, where + ": shape[" + rank + "] is larger than a 64-bit integer");
            }
            long d = p.getLongValue();
            if (d < (allowFree ? -1 : 0)) throw new OipFormatException(where + ": shape[" + rank + "] is negative");
            if (rank == dims.length) dims = Arrays.copyOf(dims, rank * 2);
            dims[rank++] = d;
        }
        return Arrays.copyOf(dims, rank);
    }

    private static String text(JsonParser p, JsonToken value, String what) throws IOException {
        if (value == JsonToken.VALUE_NULL) return null;
        if (value != JsonToken.VALUE_STRING) throw new OipFormatException(what + " must be a string");
        return p.getText();
    }

    /** Request-level parameters are small and free-form: read as a tree (depth-bounded like the rest). */
    private Map<String, Object> parameters(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) return Map.of();
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new OipFormatException("'parameters' must be an object");
        }
        JsonNode node = mapper.readTree(p);
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            Object converted = v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong()
                    : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean()
                    : v.isContainerNode() ? mapper.convertValue(v, Object.class) : null;
            map.put(e.getKey(), converted);
        }
        return map;
    }
}
