package dev.warden.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON encoding of the Open Inference Protocol v2 (KServe v2 / Triton HTTP) messages. Tensor data may be
 * flat or nested; nested data must match the declared shape level by level. NaN and Infinity literals are
 * accepted on read so that the guard, not the parser, rejects them with a precise reason.
 */
public final class OipCodec {
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private OipCodec() {
    }

    public static InferRequest parseRequest(byte[] body) {
        JsonNode root = readTree(body, "request");
        if (!root.isObject()) throw new OipFormatException("request body must be a JSON object");
        String id = textOrNull(root, "id", "request");
        Map<String, Object> parameters = parameters(root.get("parameters"), "parameters");
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new OipFormatException("'inputs' must be a non-empty array of tensors");
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) tensors.add(tensor(inputs.get(i), "inputs[" + i + "]"));
        List<String> outputs = new ArrayList<>();
        JsonNode requested = root.get("outputs");
        if (requested != null && !requested.isNull()) {
            if (!requested.isArray()) throw new OipFormatException("'outputs' must be an array");
            for (int i = 0; i < requested.size(); i++) {
                JsonNode name = requested.get(i).get("name");
                if (name == null || !name.isTextual()) throw new OipFormatException("outputs[" + i + "].name must be a string");
                outputs.add(name.asText());
            }
        }
        return new InferRequest(id, parameters, tensors, outputs);
    }

    public static InferResponse parseResponse(byte[] body) {
        JsonNode root = readTree(body, "response");
        if (!root.isObject()) throw new OipFormatException("response body must be a JSON object");
        JsonNode outputs = root.get("outputs");
        if (outputs == null || !outputs.isArray()) throw new OipFormatException("response has no 'outputs' array");
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) tensors.add(tensor(outputs.get(i), "outputs[" + i + "]"));
        return new InferResponse(textOrNull(root, "model_name", "response"), textOrNull(root, "model_version", "response"),
                textOrNull(root, "id", "response"), parameters(root.get("parameters"), "parameters"), tensors);
    }

    public static byte[] writeRequest(InferRequest request) {
        return write(g -> {
            g.writeStartObject();
            if (request.id() != null) g.writeStringField("id", request.id());
            if (!request.parameters().isEmpty()) {
                g.writeFieldName("parameters");
                JSON.writeValue(g, request.parameters());
            }
            g.writeArrayFieldStart("inputs");
            for (Tensor t : request.inputs()) writeTensor(g, t);
            g.writeEndArray();
            if (!request.outputs().isEmpty()) {
                g.writeArrayFieldStart("outputs");
                for (String name : request.outputs()) {
                    g.writeStartObject();
                    g.writeStringField("name", name);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    public static byte[] writeResponse(InferResponse response) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("model_name", response.modelName());
            if (response.modelVersion() != null) g.writeStringField("model_version", response.modelVersion());
            if (response.id() != null) g.writeStringField("id", response.id());
            if (!response.parameters().isEmpty()) {
                g.writeFieldName("parameters");
                JSON.writeValue(g, response.parameters());
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor t : response.outputs()) writeTensor(g, t);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    public static ObjectNode metadataJson(ModelMetadata m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", m.name());
        node.putArray("versions").add(m.version());
        node.put("platform", m.platform());
        node.set("inputs", specsJson(m.inputs()));
        node.set("outputs", specsJson(m.outputs()));
        if (!m.labels().isEmpty()) {
            ArrayNode labels = node.putObject("parameters").putArray("labels");
            m.labels().forEach(labels::add);
        }
        return node;
    }

    /** Reads a model metadata response into specs; labels and ranges are not part of OIP and stay unknown. */
    public static ModelMetadata parseMetadata(byte[] body, String fallbackName) {
        JsonNode root = readTree(body, "metadata");
        String name = root.hasNonNull("name") ? root.get("name").asText() : fallbackName;
        String version = root.path("versions").isArray() && !root.path("versions").isEmpty()
                ? root.path("versions").get(0).asText() : null;
        return new ModelMetadata(name, version, root.path("platform").asText(null),
                specs(root.get("inputs"), "inputs"), specs(root.get("outputs"), "outputs"),
                null, null, null, null, null, null, null);
    }

    private static ArrayNode specsJson(List<TensorSpec> specs) {
        ArrayNode array = JSON.createArrayNode();
        for (TensorSpec s : specs) {
            ObjectNode n = array.addObject();
            n.put("name", s.name());
            n.put("datatype", s.datatype().name());
            ArrayNode shape = n.putArray("shape");
            for (long d : s.shape()) shape.add(d);
        }
        return array;
    }

    private static List<TensorSpec> specs(JsonNode array, String where) {
        if (array == null || !array.isArray()) throw new OipFormatException("metadata has no '" + where + "' array");
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            String path = where + "[" + i + "]";
            DataType type = DataType.fromOip(n.path("datatype").asText(null));
            if (type == null) throw new OipFormatException(path + ".datatype is missing or unknown");
            specs.add(new TensorSpec(n.path("name").asText(), type, shape(n.get("shape"), path, true)));
        }
        return specs;
    }

    private static Tensor tensor(JsonNode node, String path) {
        if (!node.isObject()) throw new OipFormatException(path + " must be an object");
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isEmpty()) {
            throw new OipFormatException(path + ".name must be a non-empty string");
        }
        String name = nameNode.asText();
        String where = "input '" + name + "'";
        if (path.startsWith("outputs")) where = "output '" + name + "'";
        JsonNode typeNode = node.get("datatype");
        DataType type = typeNode == null ? null : DataType.fromOip(typeNode.asText());
        if (type == null) {
            throw new OipFormatException(where + ": datatype " + (typeNode == null ? "is missing" : "'" + typeNode.asText() + "' is not an OIP datatype"));
        }
        long[] shape = shape(node.get("shape"), where, false);
        JsonNode data = node.get("data");
        if (data == null) throw new OipFormatException(where + ": 'data' is missing (the binary tensor extension is not supported)");
        long expected = Tensor.elementCount(shape);
        if (expected > Integer.MAX_VALUE) throw new OipFormatException(where + ": shape is too large");
        if (type == DataType.BYTES) {
            String[] strings = new String[(int) expected];
            int n = flatten(data, shape, where, new StringSink(strings, where));
            checkCount(n, expected, where, shape);
            return Tensor.bytes(name, shape, strings);
        }
        double[] values = new double[(int) expected];
        int n = flatten(data, shape, where, new NumberSink(values, where, type));
        checkCount(n, expected, where, shape);
        return Tensor.numeric(name, type, shape, values);
    }

    private static void checkCount(int n, long expected, String where, long[] shape) {
        if (n != expected) {
            throw new OipFormatException(where + ": data has " + n + " elements but shape "
                    + java.util.Arrays.toString(shape) + " needs " + expected);
        }
    }

    private interface Sink {
        /** Stores element {@code index}; returns false when the sink is full. */
        boolean put(int index, JsonNode value);
    }

    private record NumberSink(double[] values, String where, DataType type) implements Sink {
        @Override
        public boolean put(int index, JsonNode v) {
            if (index >= values.length) return false;
            if (v.isNumber()) {
                values[index] = v.doubleValue();
            } else if (v.isBoolean() && type == DataType.BOOL) {
                values[index] = v.booleanValue() ? 1 : 0;
            } else {
                throw new OipFormatException(where + ": element " + index + " is not a number");
            }
            return true;
        }
    }

    private record StringSink(String[] values, String where) implements Sink {
        @Override
        public boolean put(int index, JsonNode v) {
            if (index >= values.length) return false;
            if (!v.isTextual()) throw new OipFormatException(where + ": element " + index + " of BYTES data is not a string");
            values[index] = v.asText();
            return true;
        }
    }

    /** Flattens flat or nested data into the sink; returns the element count seen. */
    private static int flatten(JsonNode data, long[] shape, String where, Sink sink) {
        if (!data.isArray()) throw new OipFormatException(where + ": 'data' must be an array");
        boolean nested = data.size() > 0 && data.get(0).isArray();
        if (!nested) {
            int i = 0;
            for (JsonNode v : data) {
                if (v.isArray()) throw new OipFormatException(where + ": data mixes arrays and scalars");
                if (!sink.put(i, v)) return data.size();
                i++;
            }
            return i;
        }
        int[] count = {0};
        nestedFlatten(data, shape, 0, where, sink, count);
        return count[0];
    }

    private static void nestedFlatten(JsonNode node, long[] shape, int depth, String where, Sink sink, int[] count) {
        if (depth >= shape.length || node.size() != shape[depth]) {
            throw new OipFormatException(where + ": nested data does not match shape " + java.util.Arrays.toString(shape)
                    + " at depth " + depth);
        }
        boolean leafLevel = depth == shape.length - 1;
        for (JsonNode child : node) {
            if (leafLevel) {
                if (child.isArray()) throw new OipFormatException(where + ": nested data is deeper than shape " + java.util.Arrays.toString(shape));
                if (!sink.put(count[0], child)) throw new OipFormatException(where + ": too many elements");
                count[0]++;
            } else {
                if (!child.isArray()) throw new OipFormatException(where + ": nested data does not match shape " + java.util.Arrays.toString(shape) + " at depth " + (depth + 1));
                nestedFlatten(child, shape, depth + 1, where, sink, count);
            }
        }
    }

    /** Reads a shape; -1 (a free dimension) is allowed only in metadata, never in a tensor. */
    private static long[] shape(JsonNode node, String where, boolean allowFree) {
        if (node == null || !node.isArray()) throw new OipFormatException(where + ": 'shape' must be an array of integers");
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber()) throw new OipFormatException(where + ": shape[" + i + "] is not an integer");
            shape[i] = d.asLong();
            if (shape[i] < (allowFree ? -1 : 0)) throw new OipFormatException(where + ": shape[" + i + "] is negative");
        }
        return shape;
    }

    private static Map<String, Object> parameters(JsonNode node, String where) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw new OipFormatException("'" + where + "' must be an object");
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            Object value = v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong()
                    : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean()
                    : v.isContainerNode() ? JSON.convertValue(v, Object.class) : null;
            map.put(e.getKey(), value);
        }
        return map;
    }

    private static String textOrNull(JsonNode root, String field, String where) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new OipFormatException(where + " field '" + field + "' must be a string");
        return n.asText();
    }

    private static JsonNode readTree(byte[] body, String what) {
        if (body == null || body.length == 0) throw new OipFormatException(what + " body is empty");
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new OipFormatException(what + " body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeTensor(JsonGenerator g, Tensor t) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeStringField("datatype", t.datatype().name());
        g.writeArrayFieldStart("shape");
        for (long d : t.shape()) g.writeNumber(d);
        g.writeEndArray();
        g.writeArrayFieldStart("data");
        if (t.isNumeric()) {
            boolean floating = t.datatype().isFloating();
            for (double v : t.values()) {
                if (floating) g.writeNumber(v);
                else g.writeNumber((long) v);
            }
        } else {
            for (String s : t.strings()) g.writeString(s);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
