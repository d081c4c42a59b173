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
import java.util.List;
import java.util.function.Predicate;

/**
 * JSON encoding of the Open Inference Protocol v2 (KServe v2 / Triton HTTP) messages. Requests and
 * responses are read by {@link OipRequestReader} (streaming, with limits); tensor data may be flat or
 * nested, nested data must match the declared shape level by level.
 */
public final class OipCodec {
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final OipRequestReader DEFAULT_READER = new OipRequestReader(OipLimits.defaults());

    private OipCodec() {
    }

    /** Parses a request with the default limits and no model to check shapes against. */
    public static InferRequest parseRequest(byte[] body) {
        return DEFAULT_READER.readRequest(body, List.of());
    }

    public static InferResponse parseResponse(byte[] body) {
        return DEFAULT_READER.readResponse(body);
    }

    /** Parses a response of the binary tensor extension ({@code headerLength} from Inference-Header-Content-Length). */
    public static InferResponse parseResponse(byte[] body, int headerLength) {
        return DEFAULT_READER.readResponse(body, headerLength);
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
            for (Tensor t : request.inputs()) writeTensor(g, t, null);
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
        return writeResponse(response, name -> false).body();
    }

    /**
     * Writes a response whose outputs named by {@code binary} travel as raw bytes after the JSON header (the
     * binary tensor extension: such an output has {@code parameters.binary_data_size} instead of {@code data}).
     */
    public static EncodedMessage writeResponse(InferResponse response, Predicate<String> binary) {
        List<byte[]> raw = new ArrayList<>();
        byte[] json = write(g -> {
            g.writeStartObject();
            g.writeStringField("model_name", response.modelName());
            if (response.modelVersion() != null) g.writeStringField("model_version", response.modelVersion());
            if (response.id() != null) g.writeStringField("id", response.id());
            if (!response.parameters().isEmpty()) {
                g.writeFieldName("parameters");
                JSON.writeValue(g, response.parameters());
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor t : response.outputs()) {
                byte[] bytes = binary.test(t.name()) ? BinaryTensors.encode(t) : null;
                if (bytes != null) raw.add(bytes);
                writeTensor(g, t, bytes);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        if (raw.isEmpty()) return new EncodedMessage(json, json.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + raw.stream().mapToInt(b -> b.length).sum());
        out.writeBytes(json);
        raw.forEach(out::writeBytes);
        return new EncodedMessage(out.toByteArray(), json.length);
    }

    public static ObjectNode metadataJson(ModelMetadata m) {
        return metadataJson(m, m.outputs());
    }

    /** Model metadata listing {@code outputs}: what the caller receives, which its tier may cut or rename. */
    public static ObjectNode metadataJson(ModelMetadata m, List<TensorSpec> outputs) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", m.name());
        node.putArray("versions").add(m.version());
        node.put("platform", m.platform());
        node.set("inputs", specsJson(m.inputs()));
        node.set("outputs", specsJson(outputs));
        if (!m.labels().isEmpty()) {
            ArrayNode labels = node.putObject("parameters").putArray("labels");
            m.labels().forEach(labels::add);
        } else if (classes(m) > 0) {
            // Unlabelled models answer class indices; a client of the label tier cannot see the scores' width.
            node.putObject("parameters").put("classes", classes(m));
        }
        return node;
    }

    private static int classes(ModelMetadata m) {
        for (TensorSpec o : m.outputs()) {
            if (o.name().equals(m.scoresOutputOrFirst()) && o.rank() == 2 && o.shape()[1] > 0) return (int) o.shape()[1];
        }
        return 0;
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

    private static void writeTensor(JsonGenerator g, Tensor t, byte[] binary) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeStringField("datatype", t.datatype().name());
        g.writeArrayFieldStart("shape");
        for (long d : t.shape()) g.writeNumber(d);
        g.writeEndArray();
        if (binary != null) {
            g.writeObjectFieldStart("parameters");
            g.writeNumberField("binary_data_size", binary.length);
            g.writeEndObject();
            g.writeEndObject();
            return;
        }
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
