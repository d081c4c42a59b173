package dev.warden.server;

import dev.warden.policy.ServerSettings;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty configured against slow and malformed clients, from the policy's server settings: bodies read
 * without holding threads, within a deadline and a minimum data rate ({@link RequestBodyFilter}), head and idle
 * timeouts, bounded request heads, a bounded thread pool with a bounded job queue, a bounded accept
 * backlog and a cap on open connections. docs/security.md lists each limit and what it protects against.
 */
final class JettyLimits {
    static final int ACCEPT_QUEUE = 1024;
    static final int JOB_QUEUE = 8192;

    private JettyLimits() {
    }

    static void apply(JavalinConfig config, ServerSettings s, Supplier<String> host, IntSupplier port) {
        config.http.maxRequestSize = s.maxRequestBytes();
        // Javalin answers Jetty's "client went away" and "timed out" exceptions itself, with 500 by default.
        config.jetty.clientAbortStatus = 400;
        config.jetty.timeoutStatus = 408;
        QueuedThreadPool pool = new QueuedThreadPool(s.maxThreads(), Math.min(8, s.maxThreads()), 60_000, -1,
                new BlockingArrayQueue<>(256, 256, JOB_QUEUE), null);
        pool.setName("warden-http");
        config.jetty.threadPool = pool;
        config.jetty.modifyHttpConfiguration(http -> {
            http.setMinRequestDataRate(0); // see RequestBodyFilter.RATE_GRACE_NANOS
            http.setRequestHeaderSize(s.maxRequestHeaderBytes());
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
        });
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host.get());
            connector.setPort(port.getAsInt());
            connector.setIdleTimeout(s.idleTimeoutMillis());
            connector.setAcceptQueueSize(ACCEPT_QUEUE);
            connector.addBean(new HeaderTimeout(s.headerTimeoutMillis()));
            return connector;
        });
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(2_000);
            server.setErrorHandler(new JsonErrorHandler());
            server.addBean(new ConnectionLimit(s.maxConnections(), server));
        });
        config.jetty.modifyServletContextHandler(handler -> {
            handler.setErrorHandler(new JsonErrorHandler());
            FilterHolder bodies = new FilterHolder(new RequestBodyFilter(s.maxRequestBytes(), s.bodyTimeoutMillis(), s.minRequestBytesPerSecond()));
            bodies.setAsyncSupported(true);
            handler.addFilter(bodies, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        });
    }
}
