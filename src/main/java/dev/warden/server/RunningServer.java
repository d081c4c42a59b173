package dev.warden.server;

import dev.warden.defense.DefenseRegistry;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.capture.CaptureQueue;
import dev.warden.policy.FailuresSettings;
import dev.warden.policy.Policy;
import dev.warden.update.ShadowMirror;
import dev.warden.update.UpdateManager;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.Accounts;
import dev.warden.runtime.LiveDeployment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.warden.grpc.GrpcFront;
import dev.warden.guard.DecisionListener;
import dev.warden.server.console.DecisionFeed;
import dev.warden.server.console.PolicyHistory;
import dev.warden.server.console.PolicyText;
import dev.warden.server.console.ReportShelf;
import java.util.ArrayList;
import java.util.List;

/** A started Warden: the live deployment, its HTTP server and its metrics, closed together. */
public final class RunningServer implements AutoCloseable {
    private final LiveDeployment live;
    private final WardenServer server;
    private final GrpcFront grpc;
    private final PrometheusMeterRegistry metrics;
    private final CaptureQueue capture;
    private final UpdateManager updates;
    private final ShadowMirror mirror;
    private final String host;
    private final int port;

    private RunningServer(LiveDeployment live, WardenServer server, GrpcFront grpc, PrometheusMeterRegistry metrics, CaptureQueue capture,
                          UpdateManager updates, ShadowMirror mirror, String host, int port) {
        this.updates = updates;
        this.mirror = mirror;
        this.grpc = grpc;
        this.live = live;
        this.capture = capture;
        this.server = server;
        this.metrics = metrics;
        this.host = host;
        this.port = port;
    }

    /** Loads the policy, starts the server and watches the policy file for changes. Port 0 picks a free port. */
    public static RunningServer start(Path policy, String host, int port, Duration watchInterval) {
        return start(policy, host, port, watchInterval, null);
    }

    /** As {@link #start(Path, String, int, Duration)}, showing the reports under {@code reports} in the console. */
    public static RunningServer start(Path policy, String host, int port, Duration watchInterval, Path reports) {
        return start(policy, new ServeOptions(host, port, null, watchInterval, reports));
    }

    /** Loads the policy and starts the HTTP front, and the gRPC front when {@code options.grpcPort()} is set. */
    public static RunningServer start(Path policy, ServeOptions options) {
        String host = options.host();
        Duration watchInterval = options.watchInterval();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        // Failure capture is set up from the policy as loaded at start, like the server limits.
        Policy initial = PolicyLoader.load(policy);
        CaptureQueue capture = initial.failures().capture()
                ? new CaptureQueue(() -> FailureDatabase.at(initial.failuresUrl()).store(), initial.failures().captureQueue(),
                        initial.failures().capturePerAccountPerHour(), initial.failures().captureMaxRecords(),
                        initial.failures().captureMaxBytes(), metrics)
                : null;
        DecisionFeed feed = new DecisionFeed(DecisionFeed.DEFAULT_CAPACITY, clock);
        ShadowMirror mirror = new ShadowMirror(initial.update().shadowQueue());
        List<DecisionListener> listeners = new ArrayList<>(List.of(feed, mirror));
        if (capture != null) listeners.add(capture);
        LiveDeployment live;
        try {
            live = new LiveDeployment(policy, DefenseRegistry.standard(), metrics, clock,
                    System.getenv(Accounts.ADMIN_KEY_ENV), listeners);
        } catch (RuntimeException e) {
            mirror.close();
            if (capture != null) capture.close();
            throw e;
        }
        UpdateManager updates = null;
        try {
            updates = new UpdateManager(live, DefenseRegistry.standard(), mirror, clock, FailuresSettings.home());
            PolicyHistory history = new PolicyHistory();
            live.onSwap(d -> history.record(new PolicyHistory.Entry(d.generation(), d.loadedAt(), d.policy().source().toString(),
                    PolicyText.read(d.policy().source()))));
            WardenServer server = new WardenServer(live, metrics, clock, new ConsoleParts(feed, history, new ReportShelf(options.reports())), updates);
            GrpcFront grpc = null;
            try {
                int bound = server.start(host, options.port());
                if (options.grpcPort() != null) {
                    var settings = live.current().policy().server();
                    grpc = GrpcFront.start(server.service(), host, options.grpcPort(), (int) Math.min(Integer.MAX_VALUE, settings.maxRequestBytes()),
                            settings.maxConcurrentRequests(), OipRoutes.SERVER_VERSION);
                }
                if (watchInterval != null) live.watch(watchInterval);
                return new RunningServer(live, server, grpc, metrics, capture, updates, mirror, host, bound);
            } catch (RuntimeException e) {
                if (grpc != null) grpc.close();
                server.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (updates != null) updates.close();
            mirror.close();
            live.close();
            if (capture != null) capture.close();
            throw e;
        }
    }

    /** The update path of this server. */
    public UpdateManager updates() {
        return updates;
    }

    public LiveDeployment live() {
        return live;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public int port() {
        return port;
    }

    /** The gRPC port, or -1 when no gRPC front was started. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.port();
    }

    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public void close() {
        if (grpc != null) grpc.close();
        server.close();
        updates.close();
        mirror.close();
        live.close();
        if (capture != null) capture.close();
        metrics.close();
    }
}
