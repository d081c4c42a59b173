package dev.warden.server;

import dev.warden.defense.DefenseRegistry;
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
    private final String host;
    private final int port;

    private RunningServer(LiveDeployment live, WardenServer server, PrometheusMeterRegistry metrics, String host, int port) {
        this.live = live;
        this.server = server;
        this.metrics = metrics;
        this.host = host;
        this.port = port;
    }

    /** Loads the policy, starts the server and watches the policy file for changes. Port 0 picks a free port. */
    public static RunningServer start(Path policy, String host, int port, Duration watchInterval) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        LiveDeployment live = new LiveDeployment(policy, DefenseRegistry.standard(), metrics, clock,
                System.getenv(Accounts.ADMIN_KEY_ENV), List.of());
        try {
            WardenServer server = new WardenServer(live, metrics, clock);
            int bound = server.start(host, port);
            if (watchInterval != null) live.watch(watchInterval);
            return new RunningServer(live, server, metrics, host, bound);
        } catch (RuntimeException e) {
            live.close();
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
        metrics.close();
    }
}
