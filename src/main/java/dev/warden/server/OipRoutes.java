package dev.warden.server;

import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Guard;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.model.ModelException;
import dev.warden.model.ModelMetadata;
import dev.warden.oip.InferRequest;
import dev.warden.oip.InferResponse;
import dev.warden.oip.OipCodec;
import dev.warden.policy.ServerSettings;
import dev.warden.runtime.Deployment;
import dev.warden.runtime.LiveDeployment;
import dev.warden.tensor.Tensor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Open Inference Protocol v2 endpoints, each query passed through the model's guard. */
final class OipRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OipRoutes.class);
    static final String SERVER_NAME = "warden";
    static final String SERVER_VERSION = "0.1.0";
    /**
     * Stream ids key per-stream state (temporal windows, in Redis too) and appear in decision messages and
     * logs: bounded like any client-chosen key, and plain characters only (no line breaks or quotes in logs).
     */
    static final int MAX_STREAM_ID = 128;
    private static final java.util.regex.Pattern STREAM_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_STREAM_ID + "}");

    private final LiveDeployment live;
    private final RateLimiter rateLimiter;
    private final ExecutorService inference;
    private final Clock clock;

    OipRoutes(LiveDeployment live, RateLimiter rateLimiter, ExecutorService inference, Clock clock) {
        this.live = live;
        this.rateLimiter = rateLimiter;
        this.inference = inference;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/v2/health/live", ctx -> Json.send(ctx, 200, Map.of("live", true)));
        app.get("/v2/health/ready", ctx -> Json.send(ctx, 200, Map.of("ready", live.current() != null)));
        app.get("/v2", ctx -> Json.send(ctx, 200, Map.of("name", SERVER_NAME, "version", SERVER_VERSION,
                "extensions", new String[0])));
        app.get("/v2/models/{model}", ctx -> metadata(ctx, null));
        app.get("/v2/models/{model}/versions/{version}", ctx -> metadata(ctx, ctx.pathParam("version")));
        app.get("/v2/models/{model}/ready", ctx -> ready(ctx, null));
        app.get("/v2/models/{model}/versions/{version}/ready", ctx -> ready(ctx, ctx.pathParam("version")));
        app.post("/v2/models/{model}/infer", ctx -> infer(ctx, null));
        app.post("/v2/models/{model}/versions/{version}/infer", ctx -> infer(ctx, ctx.pathParam("version")));
    }

    private Guard guard(Deployment d, Context ctx, String version) {
        String name = ctx.pathParam("model");
        Guard guard = d.guard(name).orElseThrow(() -> new ApiError(404, "model '" + name + "' not found", "model_not_found", null));
        if (version != null && !version.equals(guard.model().metadata().version())) {
            throw new ApiError(404, "model '" + name + "' has no version '" + version + "'", "model_not_found", null);
        }
        return guard;
    }

    private void metadata(Context ctx, String version) {
        Deployment d = live.current();
        Guard guard = guard(d, ctx, version);
        Authenticator.account(ctx, d.accounts(), d.policy().server().trustedProxies());
        Json.send(ctx, 200, OipCodec.metadataJson(guard.model().metadata()));
    }

    private void ready(Context ctx, String version) {
        guard(live.current(), ctx, version);
        Json.send(ctx, 200, Map.of("name", ctx.pathParam("model"), "ready", true));
    }

    private void infer(Context ctx, String version) {
        Deployment d = live.current();
        ServerSettings settings = d.policy().server();
        Guard guard = guard(d, ctx, version);
        Account account = Authenticator.account(ctx, d.accounts(), settings.trustedProxies());
        long wait = rateLimiter.secondsToWait(account.id(), settings.rateLimit());
        if (wait > 0) throw new ApiError(429, "rate limit exceeded for this account", "rate_limited", wait);
        if (ctx.header("Inference-Header-Content-Length") != null) {
            throw new ApiError(400, "the binary tensor extension is not supported; send JSON data", "unsupported", null);
        }
        InferRequest request = InferRequests.read(ctx, settings, guard.model().metadata());
        Query query = query(request, guard.model().metadata(), account);
        Outcome outcome = run(guard, query, settings.requestTimeoutMillis());
        Action action = outcome.decision().action();
        if (!action.answered()) {
            Long retry = outcome.decision().retryAfter() == null ? null : Math.max(1, outcome.decision().retryAfter().toSeconds());
            throw new ApiError(action.httpStatus(), outcome.decision().message() != null ? outcome.decision().message()
                    : "query " + action.name().toLowerCase(), outcome.decision().reason(), retry);
        }
        ModelMetadata meta = guard.model().metadata();
        InferResponse response = new InferResponse(meta.name(), meta.version(), request.id(), outcome.parameters(),
                new ArrayList<>(outcome.outputs().values()));
        Json.sendBytes(ctx, 200, OipCodec.writeResponse(response));
    }

    private Query query(InferRequest request, ModelMetadata meta, Account account) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Tensor t : request.inputs()) {
            if (inputs.put(t.name(), t) != null) throw new ApiError(400, "input '" + t.name() + "' is given twice", "duplicate_input", null);
        }
        Object stream = request.parameters().get("stream_id");
        Object frame = request.parameters().get("frame_index");
        if (stream != null && !(stream instanceof String)) throw new ApiError(400, "parameter stream_id must be a string", "bad_request", null);
        if (stream != null && !STREAM_ID.matcher((String) stream).matches()) {
            throw new ApiError(400, "parameter stream_id must have 1 to " + MAX_STREAM_ID
                    + " characters, each a letter, digit, '.', '_', ':' or '-'", "bad_request", null);
        }
        if (frame != null && !(frame instanceof Long)) throw new ApiError(400, "parameter frame_index must be an integer", "bad_request", null);
        if ((stream == null) != (frame == null)) {
            throw new ApiError(400, "parameters stream_id and frame_index go together", "bad_request", null);
        }
        return new Query(request.id(), meta.name(), account, inputs, clock.instant(), (String) stream, (Long) frame,
                request.outputs());
    }

    private Outcome run(Guard guard, Query query, int timeoutMillis) {
        Future<Outcome> future;
        try {
            future = inference.submit(() -> guard.handle(query));
        } catch (RejectedExecutionException e) {
            throw new ApiError(503, "server busy: too many inferences in progress", "busy", 1L);
        }
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ApiError(504, "inference timed out after " + timeoutMillis + " ms", "timeout", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", "busy", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelException m) {
                LOG.error("model {} failed: {}", query.model(), m.getMessage());
                throw new ApiError(502, "model backend failed", "model_error", null);
            }
            if (cause instanceof RuntimeException r) throw r;
            throw new IllegalStateException(cause);
        }
    }
}
