package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Class names for printing: those the server's metadata lists (Warden adds them as a parameter), else indices. */
final class Labels {
    private Labels() {
    }

    static List<String> of(JsonNode metadata) {
        List<String> names = new java.util.ArrayList<>();
        metadata.path("parameters").path("labels").forEach(n -> names.add(n.asText()));
        return names;
    }

    static String name(List<String> names, int index) {
        return index >= 0 && index < names.size() ? names.get(index) : Integer.toString(index);
    }
}
