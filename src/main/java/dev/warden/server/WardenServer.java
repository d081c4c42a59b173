package dev.warden.server;

import dev.warden.oip.OipFormatException;
import dev.warden.policy.ServerSettings;
import dev.warden.runtime.InferenceService;
import dev.warden.runtime.RequestTimers;
import dev.warden.runtime.LiveDeployment;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of Warden (Javalin on Jetty): OIP v2 for clients, {@code /admin} for operators. Every
 * error, including Jetty's own (unknown path, wrong method, body too large), is answered as JSON. Limits
 * on body size, concurrent inferences, request time and slow clients ({@link JettyLimits}) come from the
 * policy's {@code server} settings as loaded at start; they are not hot-reloaded.
 */
public final class WardenServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WardenServer.class);
    private final Javalin app;
    private final ThreadPoolExecutor inference;
    private final InferenceService service;
    private volatile String host = "127.0.0.1";
    private volatile int port;

    private final ConsoleRoutes console;

    public WardenServer(LiveDeployment live, PrometheusMeterRegistry prometheus, Clock clock, ConsoleParts consoleParts) {
        this(live, prometheus, clock, consoleParts, null);
    }

    /** {@code updates}: the update path behind {@code /admin/update} (null: none). */
    public WardenServer(LiveDeployment live, PrometheusMeterRegistry prometheus, Clock clock, ConsoleParts consoleParts,
                        dev.warden.update.UpdateManager updates) {
        ServerSettings settings = live.current().policy().server();
        AtomicInteger threads = new AtomicInteger();
        this.inference = new ThreadPoolExecutor(settings.maxConcurrentRequests(), settings.maxConcurrentRequests(),
                60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "warden-inference-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            JettyLimits.apply(config, settings, () -> host, () -> port);
        });
        this.service = new InferenceService(live::current,
                // The state store's limiter: per image, and shared by every replica when state is in Redis.
                (account, images, limit) -> live.state().rateLimiter().secondsToWait(account, images, limit),
                inference, clock, new RequestTimers(prometheus));
        if (updates != null) {
            service.observe(updates.observer());
            service.mapAnswers(updates.answerMapper());
            new UpdateRoutes(updates).register(app);
        }
        new OipRoutes(service).register(app);
        new AdminRoutes(live, prometheus).register(app);
        new FailureRoutes(live).register(app);
        new BanRoutes(live, clock).register(app);
        this.console = new ConsoleRoutes(live, consoleParts.feed(), consoleParts.history(), consoleParts.reports());
        console.register(app);
        registerErrors();
    }

    private void registerErrors() {
        app.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfterSeconds != null) ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
            Json.error(ctx, e.status, e.getMessage(), e.reason, null);
        });
        app.exception(BodyException.class, (e, ctx) -> {
            LOG.debug("refused the body of {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            Json.error(ctx, e.status, e.getMessage(), e.reason, null);
        });
        app.exception(OipFormatException.class, (e, ctx) -> Json.error(ctx, InferRequests.status(e), e.getMessage(), e.reason(), null));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            String message = e.getStatus() == 413 ? "request body is larger than the limit" : e.getMessage();
            Json.error(ctx, e.getStatus(), message, e.getStatus() == 413 ? "too_large" : null, null);
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            Json.error(ctx, 500, "internal error", "internal", null);
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) Json.error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), "not_found", null);
        });
        app.error(405, ctx -> Json.error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path(), "method_not_allowed", null));
    }

    /** The transport-neutral request path this server's routes call (the gRPC front shares it). */
    public InferenceService service() {
        return service;
    }

    /** Starts listening; port 0 picks a free port. Returns the bound port. */
    public int start(String host, int port) {
        this.host = host;
        this.port = port;
        app.start();
        return app.port();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        console.close();
        app.stop();
        inference.shutdownNow();
    }
}
