package dev.warden.grpc;

import dev.warden.runtime.InferenceService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The KServe v2 gRPC front end on its own port ({@code serve --grpc-port N}). Its limits mirror the HTTP
 * front's: the message size limit is the policy's {@code maxRequestBytes}, calls run on a bounded pool (the
 * guarded inference itself runs on the service's executor, under its concurrency and time limits), and idle or
 * stalled connections are closed.
 */
public final class GrpcFront implements AutoCloseable {
    private static final int MAX_METADATA_BYTES = 16 * 1024;

    private final Server server;
    private final ThreadPoolExecutor calls;

    private GrpcFront(Server server, ThreadPoolExecutor calls) {
        this.server = server;
        this.calls = calls;
    }

    /** Starts listening on {@code host:port} (0: a free port). */
    public static GrpcFront start(InferenceService service, String host, int port, int maxMessageBytes, int maxConcurrentCalls,
                                  String serverVersion) {
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor calls = new ThreadPoolExecutor(maxConcurrentCalls, maxConcurrentCalls, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(maxConcurrentCalls * 4), r -> {
                    Thread t = new Thread(r, "warden-grpc-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .executor(calls)
                .maxInboundMessageSize(maxMessageBytes)
                .maxInboundMetadataSize(MAX_METADATA_BYTES)
                .maxConcurrentCallsPerConnection(maxConcurrentCalls)
                .maxConnectionIdle(5, TimeUnit.MINUTES)
                .handshakeTimeout(10, TimeUnit.SECONDS)
                .permitKeepAliveTime(30, TimeUnit.SECONDS)
                .intercept(new CallerInterceptor())
                .addService(new InferenceEndpoint(service, serverVersion))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            calls.shutdownNow();
            throw new UncheckedIOException("gRPC cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new GrpcFront(server, calls);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) server.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        calls.shutdownNow();
    }
}
