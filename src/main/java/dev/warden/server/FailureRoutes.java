package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Status;
import dev.warden.failures.store.AddResult;
import dev.warden.failures.store.IdempotencyConflictException;
import dev.warden.failures.store.IdempotencyKeys;
import dev.warden.failures.store.NotFoundException;
import dev.warden.failures.store.RecordFilter;
import dev.warden.runtime.Accounts;
import dev.warden.runtime.LiveDeployment;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/failures}: the failure database over HTTP. Reading (the feed another Warden pulls, search,
 * evidence blobs) needs an admin key or an account with the {@code failures:read} scope; adding and
 * changing status need an admin key. A confirm swaps the known-failure snapshot before it answers, so the
 * next query is already judged against it.
 */
final class FailureRoutes {
    static final String READ_SCOPE = "failures:read";
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1_000;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final LiveDeployment live;

    FailureRoutes(LiveDeployment live) {
        this.live = live;
    }

    void register(Javalin app) {
        app.get("/api/failures", this::feed);
        app.get("/api/failures/search", this::search);
        app.get("/api/failures/blobs/{sha256}", this::blob);
        app.get("/api/failures/{id}", this::show);
        app.post("/api/failures", this::add);
        app.post("/api/failures/{id}/confirm", ctx -> status(ctx, Status.CONFIRMED));
        app.post("/api/failures/{id}/status", ctx -> status(ctx, null));
        app.post("/api/failures/{id}/merge", this::merge);
    }

    private FailureDatabase database() {
        return FailureDatabase.at(live.current().policy().failuresUrl());
    }

    private void requireRead(Context ctx) {
        Accounts accounts = live.current().accounts();
        String key = Authenticator.bearer(ctx);
        if (key == null) throw new ApiError(401, "an API key with scope " + READ_SCOPE + " is required", "api_key_required", null);
        if (accounts.adminConfigured() && accounts.isAdminKey(key)) return;
        var account = accounts.config(key).orElseThrow(() -> new ApiError(401, "invalid API key", "invalid_api_key", null));
        if (!account.scopes().contains(READ_SCOPE)) throw new ApiError(403, "this key lacks the scope " + READ_SCOPE, "forbidden", null);
    }

    private void feed(Context ctx) {
        requireRead(ctx);
        int limit = limit(ctx);
        String status = ctx.queryParam("status");
        String cls = ctx.queryParam("class");
        RecordFilter filter;
        try {
            filter = new RecordFilter(status == null ? null : Status.parse(status), cls == null ? null : FailureClass.parse(cls),
                    ctx.queryParam("model"), ctx.queryParam("after"), limit);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage(), "bad_request", null);
        }
        List<FailureRecord> page = database().store().list(filter);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("records", records(page));
        body.put("next", page.size() < limit ? null : page.get(page.size() - 1).id());
        Json.send(ctx, 200, body);
    }

    private void search(Context ctx) {
        requireRead(ctx);
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) throw new ApiError(400, "query parameter q is required", "bad_request", null);
        Json.send(ctx, 200, Map.of("records", records(database().store().search(q, limit(ctx)))));
    }

    private void show(Context ctx) {
        requireRead(ctx);
        FailureRecord r = database().store().get(id(ctx)).orElseThrow(() -> new ApiError(404, "no failure record " + ctx.pathParam("id"), "not_found", null));
        Json.send(ctx, 200, RecordJson.write(r));
    }

    private void blob(Context ctx) {
        requireRead(ctx);
        String sha = ctx.pathParam("sha256");
        if (!sha.matches("[0-9a-f]{64}")) throw new ApiError(400, "not a sha256: " + sha, "bad_request", null);
        byte[] bytes = database().store().blob(sha).orElseThrow(() -> new ApiError(404, "no evidence blob " + sha, "not_found", null));
        ctx.status(200).contentType("application/octet-stream").result(bytes);
    }

    /**
     * Body: {@code {"record": {...}, "blobs": {"<sha256>": "<base64>"}}}; the record gets a new local id (201). With an
     * {@code Idempotency-Key} header, a retry gets the first request's record (200, {@code Idempotent-Replayed: true});
     * the key with a different record is 422.
     */
    private void add(Context ctx) {
        Authenticator.requireAdmin(ctx, live.current().accounts());
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key != null && !IdempotencyKeys.isValid(key)) {
            throw new ApiError(400, IDEMPOTENCY_KEY + " must be " + IdempotencyKeys.RULE, "bad_idempotency_key", null);
        }
        JsonNode body = body(ctx);
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        try {
            body.path("blobs").fields().forEachRemaining(e -> blobs.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
            AddResult added = database().store().add(new FailureCase(RecordJson.read(body.path("record")), blobs), key);
            FailureRecord stored = added.record();
            if (added.created() && stored.status().blocks()) database().reloadNow();
            if (!added.created()) ctx.header("Idempotent-Replayed", "true");
            Json.send(ctx, added.created() ? 201 : 200, RecordJson.write(stored));
        } catch (IdempotencyConflictException e) {
            throw new ApiError(422, e.getMessage(), "idempotency_key_reused", null);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage(), "invalid_record", null);
        }
    }

    private void status(Context ctx, Status status) {
        Authenticator.requireAdmin(ctx, live.current().accounts());
        FailureDatabase db = database();
        try {
            Status target = status != null ? status : Status.parse(body(ctx).path("status").asText(null));
            FailureRecord r = db.store().setStatus(id(ctx), target);
            db.reloadNow();
            Json.send(ctx, 200, RecordJson.write(r));
        } catch (NotFoundException e) {
            throw new ApiError(404, e.getMessage(), "not_found", null);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage(), "bad_request", null);
        }
    }

    /** Body: {@code {"into": "<kept id>"}}; the record {id} becomes an alias of the kept one. */
    private void merge(Context ctx) {
        Authenticator.requireAdmin(ctx, live.current().accounts());
        String kept = body(ctx).path("into").asText(null);
        if (kept == null || !dev.warden.failures.FailureId.isValid(kept)) throw new ApiError(400, "body must be {\"into\": \"<failure id>\"}", "bad_request", null);
        FailureDatabase db = database();
        try {
            FailureRecord r = db.store().merge(id(ctx), kept);
            db.reloadNow();
            Json.send(ctx, 200, RecordJson.write(r));
        } catch (NotFoundException e) {
            throw new ApiError(404, e.getMessage(), "not_found", null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ApiError(409, e.getMessage(), "conflict", null);
        }
    }

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!dev.warden.failures.FailureId.isValid(id)) throw new ApiError(400, "not a failure id: " + id, "bad_request", null);
        return id;
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        try {
            int limit = text == null ? DEFAULT_PAGE : Integer.parseInt(text);
            if (limit < 1 || limit > MAX_PAGE) throw new NumberFormatException();
            return limit;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "limit must be an integer between 1 and " + MAX_PAGE, "bad_request", null);
        }
    }

    private static JsonNode body(Context ctx) {
        try {
            return RecordJson.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (java.io.IOException e) {
            throw new ApiError(400, "body is not JSON", "bad_request", null);
        }
    }

    private static ArrayNode records(List<FailureRecord> records) {
        ArrayNode a = RecordJson.MAPPER.createArrayNode();
        for (FailureRecord r : records) a.add(RecordJson.write(r));
        return a;
    }
}
