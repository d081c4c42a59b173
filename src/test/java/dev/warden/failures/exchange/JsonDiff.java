package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Field-by-field differences between two JSON documents, one line per differing path, for readable test failures. */
final class JsonDiff {
    private JsonDiff() {
    }

    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
        String at = path.isEmpty() ? "/" : path;
        if (expected == null || actual == null) {
            if (expected != actual) out.add(at + ": expected " + expected + " but " + (actual == null ? "missing" : "was " + actual));
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = actual.get(e.getKey());
                if (other == null) out.add(path + "/" + e.getKey() + ": missing (expected " + e.getValue() + ")");
                else compare(path + "/" + e.getKey(), e.getValue(), other, out);
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!expected.has(name)) out.add(path + "/" + name + ": unexpected " + actual.get(name));
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) out.add(at + ": " + expected.size() + " elements expected, " + actual.size() + " found");
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) compare(path + "/" + i, expected.get(i), actual.get(i), out);
        } else if (!expected.equals(actual)) {
            out.add(at + ": expected " + expected + " but was " + actual);
        }
    }
}
