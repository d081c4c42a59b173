package dev.warden.server;

import dev.warden.policy.PolicyException;
import dev.warden.runtime.Deployment;
import dev.warden.runtime.LiveDeployment;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /admin/...}: policy status and reload, metrics. Every call needs an admin key. */
final class AdminRoutes {
    private final LiveDeployment live;
    private final PrometheusMeterRegistry prometheus;

    AdminRoutes(LiveDeployment live, PrometheusMeterRegistry prometheus) {
        this.live = live;
        this.prometheus = prometheus;
    }

    void register(Javalin app) {
        app.before("/admin/*", ctx -> Authenticator.requireAdmin(ctx, live.current().accounts()));
        app.get("/admin/policy", this::policy);
        app.post("/admin/policy/reload", this::reload);
        app.get("/admin/metrics", this::metrics);
        // Prometheus scrapes /metrics by convention; it needs the admin key like the rest of the admin surface.
        app.before("/metrics", ctx -> Authenticator.requireAdmin(ctx, live.current().accounts()));
        app.get("/metrics", this::metrics);
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
    }

    private void policy(Context ctx) {
        Json.send(ctx, 200, summary(live.current()));
    }

    private void reload(Context ctx) {
        try {
            Json.send(ctx, 200, summary(live.reload()));
        } catch (PolicyException e) {
            throw new ApiError(422, "policy not reloaded, the running one stays: " + e.getMessage(), "invalid_policy", null);
        }
    }

    private static Map<String, Object> summary(Deployment d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", d.policy().source().toString());
        body.put("generation", d.generation());
        body.put("loaded_at", d.loadedAt().toString());
        body.put("models", d.guards().keySet().stream().sorted().toList());
        body.put("defenses", d.policy().defenses().stream()
                .map(s -> Map.of("type", s.type(), "mode", s.mode().name().toLowerCase())).toList());
        return body;
    }
}
