package dev.warden.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Puts what identifies the caller into the call's context: the {@code authorization} metadata entry (the same
 * {@code Bearer <key>} as HTTP's header) and the peer's address, which anonymous accounts are keyed by.
 */
final class CallerInterceptor implements ServerInterceptor {
    static final Context.Key<String> AUTHORIZATION = Context.key("warden-authorization");
    static final Context.Key<String> PEER = Context.key("warden-peer");
    private static final Metadata.Key<String> AUTHORIZATION_HEADER = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String peer = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
        Context context = Context.current().withValues(AUTHORIZATION, headers.get(AUTHORIZATION_HEADER), PEER, peer);
        return Contexts.interceptCall(context, call, headers, next);
    }
}
