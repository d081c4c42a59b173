package dev.warden.server;

import dev.warden.defense.DefenseRegistry;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.capture.CaptureQueue;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.Accounts;
import dev.warden.runtime.LiveDeployment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A started Warden: the live deployment, its HTTP server and its metrics, closed together. */
public final class RunningServer implements AutoCloseable {
    private final LiveDeployment live;
    private final WardenServer server;
    private final PrometheusMeterRegistry metrics;
    private final CaptureQueue capture;
    private final String host;
    private final int port;

    private RunningServer(LiveDeployment live, WardenServer server, PrometheusMeterRegistry metrics, CaptureQueue capture,
                          String host, int port) {
        this.live = live;
        this.capture = capture;
        this.server = server;
        this.metrics = metrics;
        this.host = host;
        this.port = port;
    }

    /** Loads the policy, starts the server and watches the policy file for changes. Port 0 picks a free port. */
    public static RunningServer start(Path policy, String host, int port, Duration watchInterval) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        // Failure capture is set up from the policy as loaded at start, like the server limits.
        Policy initial = PolicyLoader.load(policy);
        CaptureQueue capture = initial.failures().capture()
                ? new CaptureQueue(() -> FailureDatabase.at(initial.failuresUrl()).store(), initial.failures().captureQueue(),
                        initial.failures().capturePerAccountPerHour(), initial.failures().captureMaxRecords(),
                        initial.failures().captureMaxBytes(), metrics)
                : null;
        LiveDeployment live;
        try {
            live = new LiveDeployment(policy, DefenseRegistry.standard(), metrics, clock,
                    System.getenv(Accounts.ADMIN_KEY_ENV), capture == null ? List.of() : List.of(capture));
        } catch (RuntimeException e) {
            if (capture != null) capture.close();
            throw e;
        }
        try {
            WardenServer server = new WardenServer(live, metrics, clock);
            int bound = server.start(host, port);
            if (watchInterval != null) live.watch(watchInterval);
            return new RunningServer(live, server, metrics, capture, host, bound);
        } catch (RuntimeException e) {
            live.close();
            if (capture != null) capture.close();
            throw e;
        }
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

    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public void close() {
        server.close();
        live.close();
        if (capture != null) capture.close();
        metrics.close();
    }
}
