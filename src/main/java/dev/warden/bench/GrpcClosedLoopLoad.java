package dev.warden.bench;

import dev.warden.grpc.v2.GRPCInferenceServiceGrpc;
import dev.warden.grpc.v2.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ClosedLoopLoad} over gRPC: N client threads, each calling {@code ModelInfer} on its own channel (one
 * HTTP/2 connection) as soon as the last call is answered, for a fixed time. As over HTTP, each channel is bound
 * to its own loopback source address (a new anonymous account) and replaced after
 * {@link ClosedLoopLoad#REQUESTS_PER_CONNECTION} calls. Statuses are counted under the HTTP status Warden's REST
 * front gives the same refusal (OK 200, PERMISSION_DENIED 403, RESOURCE_EXHAUSTED 429, UNAVAILABLE 503, ...; -1
 * for any other code), refusals under the gRPC code's name and the reason code Warden puts before its message.
 */
final class GrpcClosedLoopLoad {
    private static final Pattern REASON = Pattern.compile("^([A-Za-z0-9_.-]{1,40}): ");
    /** Longer than any admission limit lets a call wait: a call still unanswered by then is a timeout, counted. */
    private static final long DEADLINE_SECONDS = 30;

    private GrpcClosedLoopLoad() {
    }

    static ClosedLoopLoad.Result run(String host, int port, int concurrency, double seconds, LongFunction<ModelInferRequest> request)
            throws InterruptedException {
        return run(host, port, concurrency, seconds, ClosedLoopLoad.REQUESTS_PER_CONNECTION, request);
    }

    /** As above, with a new channel and source address (account) every {@code perChannel} calls. */
    static ClosedLoopLoad.Result run(String host, int port, int concurrency, double seconds, int perChannel,
                                     LongFunction<ModelInferRequest> request) throws InterruptedException {
        RawHttp.requireLoopback(host);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong next = new AtomicLong();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            clients.add(new Client(new InetSocketAddress(host, port), deadline, perChannel, () -> request.apply(next.getAndIncrement())));
        }
        return LoadTally.drive("grpc-load-", seconds, clients);
    }

    /** The HTTP status Warden's REST front answers the refusal that its gRPC front gives {@code code} for. */
    static int httpEquivalent(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case INVALID_ARGUMENT -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case RESOURCE_EXHAUSTED -> 429;
            case INTERNAL -> 500;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            default -> -1;
        };
    }

    /** "CODE reason" for a refusal whose description starts with Warden's {@code reason: }, else "CODE". */
    static String refusal(Status status) {
        String d = status.getDescription();
        Matcher m = d == null ? null : REASON.matcher(d);
        return status.getCode().name() + (m != null && m.find() ? " " + m.group(1) : "");
    }

    private static final class Client implements LoadTally.Client {
        private final InetSocketAddress server;
        private final long deadline;
        private final int perChannel;
        private final java.util.function.Supplier<ModelInferRequest> requests;
        private final LoadTally tally = new LoadTally();
        private ManagedChannel channel;
        private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
        private int sentOnChannel;

        Client(InetSocketAddress server, long deadline, int perChannel, java.util.function.Supplier<ModelInferRequest> requests) {
            this.server = server;
            this.deadline = deadline;
            this.perChannel = perChannel;
            this.requests = requests;
        }

        @Override
        public LoadTally tally() {
            return tally;
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < deadline) {
                    ModelInferRequest request = requests.get();
                    if (channel == null || sentOnChannel >= perChannel) connect();
                    sentOnChannel++;
                    long start = System.nanoTime();
                    Status status = call(request);
                    long end = System.nanoTime();
                    if (end > deadline) break; // answered after the measured time: not counted
                    int http = httpEquivalent(status.getCode());
                    if (status.isOk()) {
                        tally.answered((end - start) / 1000);
                    } else {
                        tally.refused(http, refusal(status));
                        if (http < 0 || status.getCode() == Status.Code.UNAVAILABLE && !isBusy(status)) close();
                    }
                }
            } finally {
                close();
            }
        }

        private Status call(ModelInferRequest request) {
            try {
                stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).modelInfer(request);
                return Status.OK;
            } catch (StatusRuntimeException e) {
                return e.getStatus();
            }
        }

        /** Warden's admission refusal (reason busy), as opposed to a connection that failed. */
        private static boolean isBusy(Status status) {
            return status.getDescription() != null && status.getDescription().startsWith("busy:");
        }

        private void connect() {
            close();
            InetSocketAddress local = new InetSocketAddress(ClosedLoopLoad.nextSource(), 0);
            channel = NettyChannelBuilder.forAddress(server).usePlaintext().directExecutor()
                    .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                        @Override
                        public java.net.SocketAddress createSocketAddress(java.net.SocketAddress remote, io.grpc.Attributes attrs) {
                            return local;
                        }
                    })
                    .maxInboundMessageSize(16 << 20).build();
            stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            sentOnChannel = 0;
        }

        private void close() {
            if (channel == null) return;
            channel.shutdownNow();
            channel = null;
        }
    }
}
