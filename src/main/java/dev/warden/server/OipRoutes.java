package dev.warden.server;

import dev.warden.oip.EncodedMessage;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipCodec;
import dev.warden.oip.OipFormatException;
import dev.warden.runtime.Credentials;
import dev.warden.runtime.InferenceException;
import dev.warden.runtime.InferenceResult;
import dev.warden.runtime.InferenceService;
import dev.warden.runtime.Route;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The Open Inference Protocol v2 endpoints over HTTP: each reads the request, calls the
 * {@link InferenceService} and encodes its answer, or its refusal as {@code {"error", "reason"}} with the
 * status {@link #httpStatus} maps it to.
 */
final class OipRoutes {
    static final String SERVER_NAME = "warden";
    static final String SERVER_VERSION = "0.1.0";
    /** Triton's names for the protocol extensions Warden implements. */
    static final String[] EXTENSIONS = {"binary_tensor_data"};
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    /**
     * OIP's REST health and ready endpoints answer with their status code, 200 true and 4xx false (Triton: 400);
     * Kubernetes probes and Triton's clients read the code. The body still says {@code "ready": false}.
     */
    static final int NOT_READY = 400;

    private final InferenceService service;

    OipRoutes(InferenceService service) {
        this.service = service;
    }

    void register(Javalin app) {
        app.get("/v2/health/live", ctx -> Json.send(ctx, 200, Map.of("live", true)));
        app.get("/v2/health/ready", ctx -> {
            boolean ready = service.ready();
            Json.send(ctx, ready ? 200 : NOT_READY, Map.of("ready", ready));
        });
        app.get("/v2", ctx -> Json.send(ctx, 200, Map.of("name", SERVER_NAME, "version", SERVER_VERSION,
                "extensions", EXTENSIONS)));
        app.get("/v2/models/{model}", ctx -> metadata(ctx, null));
        app.get("/v2/models/{model}/versions/{version}", ctx -> metadata(ctx, ctx.pathParam("version")));
        app.get("/v2/models/{model}/ready", ctx -> ready(ctx, null));
        app.get("/v2/models/{model}/versions/{version}/ready", ctx -> ready(ctx, ctx.pathParam("version")));
        app.post("/v2/models/{model}/infer", ctx -> infer(ctx, null));
        app.post("/v2/models/{model}/versions/{version}/infer", ctx -> infer(ctx, ctx.pathParam("version")));
    }

    private void metadata(Context ctx, String version) {
        try {
            service.route(ctx.pathParam("model"), version); // an unknown model is 404 before a malformed key is 401
            Credentials caller = Authenticator.credentials(ctx);
            String model = ctx.pathParam("model");
            Json.send(ctx, 200, OipCodec.metadataJson(service.metadata(caller, model, version),
                    service.visibleOutputs(caller, model, version)));
        } catch (InferenceException e) {
            throw apiError(e);
        }
    }

    private void ready(Context ctx, String version) {
        boolean ready;
        try {
            ready = service.ready(ctx.pathParam("model"), version);
        } catch (InferenceException e) {
            throw apiError(e);
        }
        Json.send(ctx, ready ? 200 : NOT_READY, Map.of("name", ctx.pathParam("model"), "ready", ready));
    }

    private void infer(Context ctx, String version) {
        InferenceResult result;
        InferRequest[] request = new InferRequest[1];
        try {
            Route route = service.route(ctx.pathParam("model"), version); // an unknown model is 404 before a malformed key is 401
            result = service.infer(Authenticator.credentials(ctx), ctx.pathParam("model"), version,
                    () -> request[0] = InferRequests.read(ctx, service.serverSettings(), route.metadata()));
        } catch (InferenceException e) {
            throw apiError(e);
        }
        EncodedMessage answer = OipCodec.writeResponse(result.response(), request[0] == null ? name -> false : request[0]::wantsBinary);
        if (!answer.hasBinary()) {
            Json.sendBytes(ctx, 200, answer.body());
            return;
        }
        // Triton's binary answer: JSON header, then the raw outputs; the header's length tells them apart.
        ctx.header(HEADER_LENGTH, Integer.toString(answer.jsonLength()));
        ctx.status(200).contentType("application/octet-stream").result(answer.body());
    }

    static ApiError apiError(InferenceException e) {
        return new ApiError(httpStatus(e.status()), e.getMessage(), e.reason(), e.retryAfterSeconds());
    }

    static int httpStatus(InferenceException.Status status) {
        return switch (status) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case REJECTED -> 403;
            case NOT_FOUND -> 404;
            case RATE_LIMITED, LOCKED_OUT -> 429;
            case BACKEND_FAILED -> 502;
            case BUSY -> 503;
            case TIMEOUT -> 504;
        };
    }
}
