package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.update.UpdateManager;
import dev.warden.update.UpdateRefused;
import dev.warden.update.UpdateReportHtml;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /admin/update/...}: the update path's admin API (what {@code warden update} calls). Admin key
 * required (the {@code /admin/*} guard of {@link AdminRoutes}); a step that cannot be taken is a 4xx naming why.
 * {@code model} is optional where the server serves one model.
 */
final class UpdateRoutes {
    private final UpdateManager updates;

    UpdateRoutes(UpdateManager updates) {
        this.updates = updates;
    }

    void register(Javalin app) {
        app.post("/admin/update/start", ctx -> {
            JsonNode body = body(ctx);
            UpdateManager.StartRequest request = new UpdateManager.StartRequest(text(body, "model"), text(body, "candidate"), text(body, "data"),
                    integer(body, "shadow"), text(body, "version"), integer(body, "calibration_samples"), text(body, "assess"),
                    integer(body, "assess_budget") == null ? null : integer(body, "assess_budget").longValue());
            send(ctx, () -> updates.start(request));
        });
        app.post("/admin/update/canary", ctx -> {
            JsonNode body = body(ctx);
            Integer share = integer(body, "share");
            if (share == null) throw new ApiError(400, "share (percent of accounts, 0 to 100) is required", "bad_request", null);
            send(ctx, () -> updates.canary(text(body, "model"), share));
        });
        app.post("/admin/update/promote", ctx -> {
            JsonNode body = body(ctx);
            send(ctx, () -> updates.promote(text(body, "model")));
        });
        app.post("/admin/update/rollback", ctx -> {
            JsonNode body = body(ctx);
            send(ctx, () -> updates.rollback(text(body, "model"), text(body, "reason")));
        });
        app.get("/admin/update/status", ctx -> send(ctx, () -> updates.status(ctx.queryParam("model"))));
        app.get("/admin/update/report", ctx -> send(ctx, () -> updates.report(ctx.queryParam("model"))));
        app.get("/admin/update/report.html", ctx -> {
            Map<String, Object> report = call(() -> updates.report(ctx.queryParam("model")));
            ctx.status(200).contentType("text/html; charset=utf-8").result(UpdateReportHtml.render(report));
        });
    }

    private static void send(Context ctx, Supplier<Map<String, Object>> step) {
        Json.send(ctx, 200, call(step));
    }

    private static Map<String, Object> call(Supplier<Map<String, Object>> step) {
        try {
            return step.get();
        } catch (UpdateRefused e) {
            throw new ApiError(e.status(), e.getMessage(), e.reason(), null);
        }
    }

    private static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) return Json.MAPPER.createObjectNode();
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) throw new ApiError(400, "the body must be a JSON object", "bad_request", null);
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""), "bad_request", null);
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new ApiError(400, field + " must be a string", "bad_request", null);
        return v.asText();
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.canConvertToInt() || !v.isIntegralNumber()) throw new ApiError(400, field + " must be an integer", "bad_request", null);
        return v.asInt();
    }
}
