package dev.warden.oip;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small, free-form parts of a request that say how tensors travel: the {@code outputs} it asks for with
 * their {@code binary_data} flags, and a tensor's {@code parameters.binary_data_size}. Tensor parameters are
 * read as a tree, depth-bounded by the parser's constraints.
 */
final class OutputRequests {
    private OutputRequests() {
    }

    /** The request's {@code outputs}: names, and each one's {@code parameters.binary_data} where it says. */
    static final class Outputs {
        final List<String> names = new ArrayList<>();
        final Map<String, Boolean> binary = new LinkedHashMap<>();
    }

    static Outputs read(JsonParser p, JsonToken value, ObjectMapper mapper) throws IOException {
        Outputs outputs = new Outputs();
        if (value == JsonToken.VALUE_NULL) return outputs;
        if (value != JsonToken.START_ARRAY) throw new OipFormatException("'outputs' must be an array");
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String at = "outputs[" + outputs.names.size() + "]";
            if (t != JsonToken.START_OBJECT) throw new OipFormatException(at + ".name must be a string");
            String name = null;
            Boolean binary = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("name") && v == JsonToken.VALUE_STRING) name = p.getText();
                else if (field.equals("parameters")) binary = binaryDataFlag(p, v, at, mapper);
                else p.skipChildren();
            }
            if (name == null) throw new OipFormatException(at + ".name must be a string");
            outputs.names.add(name);
            if (binary != null) outputs.binary.put(name, binary);
        }
        return outputs;
    }

    /** A tensor's {@code parameters.binary_data_size}, or -1 when it has none. */
    static long binaryDataSize(JsonParser p, JsonToken value, String at, ObjectMapper mapper) throws IOException {
        JsonNode size = tensorParameters(p, value, at, mapper).get("binary_data_size");
        if (size == null || size.isNull()) return -1;
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new OipFormatException(OipFormatException.BAD_BINARY_DATA, at + ".parameters.binary_data_size must be a non-negative integer");
        }
        return size.asLong();
    }

    private static Boolean binaryDataFlag(JsonParser p, JsonToken value, String at, ObjectMapper mapper) throws IOException {
        JsonNode flag = tensorParameters(p, value, at, mapper).get("binary_data");
        if (flag == null || flag.isNull()) return null;
        if (!flag.isBoolean()) throw new OipFormatException(at + ".parameters.binary_data must be true or false");
        return flag.asBoolean();
    }

    private static JsonNode tensorParameters(JsonParser p, JsonToken value, String at, ObjectMapper mapper) throws IOException {
        if (value == JsonToken.VALUE_NULL) return mapper.createObjectNode();
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new OipFormatException(at + ".parameters must be an object");
        }
        return mapper.readTree(p);
    }
}
