package dev.warden.server;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.warden.policy.AccountConfig;
import dev.warden.runtime.Deployment;
import dev.warden.runtime.LiveDeployment;
import dev.warden.server.console.DecisionEvent;
import dev.warden.server.console.DecisionFeed;
import dev.warden.server.console.DecisionFilter;
import dev.warden.server.console.PolicyHistory;
import dev.warden.server.console.ReportLinks;
import dev.warden.server.console.ReportShelf;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The operators' web console: a static page ({@code /console}, no secrets in it) whose script asks for the admin
 * key and calls the admin API with it; and the admin endpoints only the console needs: recent and streamed
 * decisions, accounts with their recent activity, the policy's generation history with the diff of the last
 * reload, the reports shelf, and merging failure records. Streaming is done by one sender thread that polls the
 * {@link DecisionFeed} a few times a second, so no request thread ever writes to a console connection.
 */
final class ConsoleRoutes implements AutoCloseable {
    static final int MAX_STREAMS = 8;
    private static final long PUSH_MILLIS = 250;
    private static final Map<String, String> ASSETS = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final LiveDeployment live;
    private final DecisionFeed feed;
    private final PolicyHistory history;
    private final ReportShelf reports;
    private final ReportLinks links;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-console-stream");
        t.setDaemon(true);
        return t;
    });

    private record Stream(SseClient client, DecisionFilter filter, long[] last) {
    }

    ConsoleRoutes(LiveDeployment live, DecisionFeed feed, PolicyHistory history, ReportShelf reports) {
        this.live = live;
        this.feed = feed;
        this.history = history;
        this.reports = reports;
        this.links = new ReportLinks(java.time.Clock.systemUTC());
        sender.scheduleWithFixedDelay(this::push, PUSH_MILLIS, PUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    void register(Javalin app) {
        app.get("/console", ctx -> asset(ctx, "index.html", "text/html; charset=utf-8"));
        app.get("/console/{asset}", ctx -> {
            String type = ASSETS.get(ctx.pathParam("asset"));
            if (type == null) throw new ApiError(404, "no such console asset: " + ctx.pathParam("asset"), "not_found", null);
            asset(ctx, ctx.pathParam("asset"), type);
        });
        app.get("/admin/decisions", this::decisions);
        app.sse("/admin/decisions/stream", this::stream);
        app.get("/admin/accounts", this::accounts);
        app.get("/admin/policy/history", this::policyHistory);
        app.get("/admin/reports", ctx -> send(ctx, Map.of("configured", reports.configured(), "reports", reports.list())));
        app.get("/admin/reports/{name}/{file}", ctx -> report(ctx, ctx.pathParam("name"), ctx.pathParam("file")));
        app.post("/admin/reports/{name}/link", this::link);
        app.get("/console/reports/{token}", this::linked);
    }

    private static void asset(Context ctx, String name, String type) throws IOException {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            if (in == null) throw new ApiError(404, "console asset missing from the build: " + name, "not_found", null);
            ctx.status(200).contentType(type)
                    .header("Cache-Control", "no-store")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'")
                    .result(in.readAllBytes());
        }
    }

    private static DecisionFilter filter(Context ctx) {
        return new DecisionFilter(ctx.queryParam("model"), ctx.queryParam("account"), ctx.queryParam("reason"), ctx.queryParam("action"));
    }

    private void decisions(Context ctx) {
        int limit = intParam(ctx, "limit", 200, 1, DecisionFeed.DEFAULT_CAPACITY);
        String after = ctx.queryParam("after");
        List<DecisionEvent> events = after == null ? feed.latest(filter(ctx), limit)
                : feed.since(longParam(after), filter(ctx), limit);
        send(ctx, Map.of("last", feed.lastSeq(), "decisions", events));
    }

    private void stream(SseClient client) {
        if (streams.size() >= MAX_STREAMS) {
            client.ctx().status(429);
            client.sendEvent("error", "too many console streams open (at most " + MAX_STREAMS + ")");
            client.close();
            return;
        }
        // A console that just read the recent decisions asks for everything after them, so nothing decided in between is lost.
        String after = client.ctx().queryParam("after");
        long from = after == null ? feed.lastSeq() : Math.min(feed.lastSeq(), Math.max(0, parseAfter(after)));
        Stream stream = new Stream(client, filter(client.ctx()), new long[] {from});
        streams.add(stream);
        client.onClose(() -> streams.remove(stream));
        client.sendComment("connected");
        client.keepAlive();
    }

    private static long parseAfter(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void push() {
        for (Stream s : streams) {
            try {
                long upTo = feed.lastSeq();
                List<DecisionEvent> events = feed.since(s.last()[0], s.filter(), 500);
                for (DecisionEvent e : events) s.client().sendEvent("decision", text(e));
                long sent = events.isEmpty() ? s.last()[0] : events.get(events.size() - 1).seq();
                // With a full page, go on from the last one sent; else everything up to upTo has been looked at.
                s.last()[0] = events.size() == 500 ? sent : Math.max(sent, upTo);
                if (s.client().terminated()) streams.remove(s);
            } catch (RuntimeException e) {
                streams.remove(s);
            }
        }
    }

    private void accounts(Context ctx) {
        Deployment d = live.current();
        Map<String, long[]> activity = new TreeMap<>();
        for (DecisionEvent e : feed.latest(x -> true, DecisionFeed.DEFAULT_CAPACITY)) {
            long[] counts = activity.computeIfAbsent(e.account(), a -> new long[2]);
            counts[0]++;
            if (!e.action().equals("allow") && !e.action().equals("flag")) counts[1]++;
        }
        List<Map<String, Object>> configured = d.policy().accounts().stream().map(a -> account(a, activity.remove(a.id()))).toList();
        List<Map<String, Object>> others = activity.entrySet().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.getKey());
            m.put("tier", e.getKey().startsWith("anon:") ? d.policy().anonymous().tier() : null);
            m.put("recent_queries", e.getValue()[0]);
            m.put("recent_refused", e.getValue()[1]);
            return m;
        }).toList();
        Json.send(ctx, 200, Map.of("accounts", configured, "unconfigured", others));
    }

    private static Map<String, Object> account(AccountConfig a, long[] counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("tier", a.tier());
        m.put("scopes", a.scopes());
        m.put("streams", a.streams());
        m.put("recent_queries", counts == null ? 0 : counts[0]);
        m.put("recent_refused", counts == null ? 0 : counts[1]);
        return m;
    }

    private void policyHistory(Context ctx) {
        List<PolicyHistory.Entry> entries = history.entries();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generations", entries.stream().map(e -> Map.of("generation", e.generation(), "loaded_at", e.loadedAt().toString(),
                "source", e.source())).toList());
        body.put("current", entries.isEmpty() ? null : entries.get(entries.size() - 1).text());
        body.put("diff", entries.size() < 2 ? null : diff(entries.get(entries.size() - 2), entries.get(entries.size() - 1)));
        Json.send(ctx, 200, body);
    }

    private static String diff(PolicyHistory.Entry before, PolicyHistory.Entry after) {
        List<String> a = before.text().lines().toList();
        List<String> b = after.text().lines().toList();
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("generation " + before.generation(),
                "generation " + after.generation(), a, DiffUtils.diff(a, b), 3);
        return String.join("\n", unified);
    }

    private void report(Context ctx, String name, String file) throws IOException {
        var path = reports.file(name, file).orElseThrow(() -> new ApiError(404, "no report " + name + "/" + file, "not_found", null));
        // Reports are self-contained pages (inline styles, data: images): shown sandboxed, with no script and no fetches.
        ctx.status(200).contentType(file.endsWith(".html") ? "text/html; charset=utf-8" : "application/json")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'")
                .result(Files.readAllBytes(path));
    }

    private void link(Context ctx) {
        String name = ctx.pathParam("name");
        if (reports.file(name, "report.html").isEmpty()) throw new ApiError(404, "no report " + name, "not_found", null);
        Json.send(ctx, 200, Map.of("url", "/console/reports/" + links.issue(name), "expires_in_seconds", ReportLinks.LIFETIME.toSeconds()));
    }

    private void linked(Context ctx) throws IOException {
        String name = links.report(ctx.pathParam("token"))
                .orElseThrow(() -> new ApiError(404, "this report link is unknown or has expired; open the report from the console again", "not_found", null));
        report(ctx, name, "report.html");
    }

    private static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(Context ctx, Object body) {
        Json.sendBytes(ctx, 200, text(body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) return fallback;
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ApiError(400, name + " must be an integer between " + min + " and " + max, "bad_request", null);
        }
    }

    private static long longParam(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "after must be a decision sequence number", "bad_request", null);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        streams.forEach(s -> s.client().close());
    }
}
