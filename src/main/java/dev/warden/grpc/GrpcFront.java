package dev.warden.grpc;

import dev.warden.runtime.InferenceService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The KServe v2 gRPC front end on its own port ({@code serve --grpc-port N}). Its limits mirror the HTTP
 * front's: the message size limit is the policy's {@code maxRequestBytes}, and idle or stalled connections are
 * closed. Calls are taken on the transport's own threads, which do only what cannot wait (decoding, the account,
 * the rate limit): the guarded inference runs on the service's executor, under its concurrency and time limits,
 * and answers from there, with no thread of this front waiting for it (docs/benchmarks.md, "HTTP and gRPC throughput end to end").
 */
public final class GrpcFront implements AutoCloseable {
    private static final int MAX_METADATA_BYTES = 16 * 1024;

    private final Server server;

    private GrpcFront(Server server) {
        this.server = server;
    }

    /** Starts listening on {@code host:port} (0: a free port). */
    public static GrpcFront start(InferenceService service, String host, int port, int maxMessageBytes, int maxConcurrentCalls,
                                  String serverVersion) {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .directExecutor()
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
            throw new UncheckedIOException("gRPC cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new GrpcFront(server);
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
    }
}
