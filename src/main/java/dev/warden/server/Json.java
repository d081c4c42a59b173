package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON bodies, including the {@code {"error": ...}} body every error gets. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sendBytes(Context ctx, int status, byte[] body) {
        ctx.status(status).contentType("application/json").result(body);
    }

    static void error(Context ctx, int status, String message, String reason, String id) {
        send(ctx, status, errorBody(message, reason, id));
    }

    /** The error body as bytes, for answers written outside Javalin (body reading, Jetty's own errors). */
    static byte[] errorBytes(String message, String reason) {
        try {
            return MAPPER.writeValueAsBytes(errorBody(message, reason, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> errorBody(String message, String reason, String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (reason != null) body.put("reason", reason);
        if (id != null) body.put("id", id);
        return body;
    }
}
