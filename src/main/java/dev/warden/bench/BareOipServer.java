package dev.warden.bench;

import dev.warden.model.OnnxModel;
import dev.warden.oip.EncodedMessage;
import dev.warden.oip.InferRequest;
import dev.warden.oip.InferResponse;
import dev.warden.oip.OipCodec;
import dev.warden.oip.OipFormatException;
import dev.warden.oip.OipLimits;
import dev.warden.oip.OipRequestReader;
import dev.warden.tensor.Tensor;
import dev.warden.grpc.GrpcMessages;
import dev.warden.grpc.v2.GRPCInferenceServiceGrpc;
import dev.warden.grpc.v2.ModelInferRequest;
import dev.warden.grpc.v2.ModelInferResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of {@code bench http-throughput}: an ONNX model answered with no guard behind a minimal OIP v2
 * endpoint on Javalin (JSON and the binary tensor extension, full scores, no accounts, limits or defenses) and a
 * minimal KServe v2 gRPC {@code ModelInfer} on grpc-java's defaults (the same tensor decoding as Warden's gRPC
 * front), each on a free loopback port in this JVM. What a plain model server costs, so that Warden's cost can be
 * read against it.
 */
public final class BareOipServer implements AutoCloseable {
    private static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private final OnnxModel model;
    private final Javalin app;
    private final Server grpc;
    private final OipRequestReader reader = new OipRequestReader(OipLimits.defaults());

    private BareOipServer(OnnxModel model) {
        this.model = model;
        this.app = Javalin.create(config -> config.showJavalinBanner = false);
        app.post("/v2/models/{model}/infer", this::infer);
        app.get("/v2/health/ready", ctx -> ctx.result("{\"ready\":true}"));
        this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxInboundMessageSize(64 << 20).addService(new BareGrpc()).build();
    }

    /** Serves {@code modelFile} (one ONNX Runtime intra-op thread, as the bundled policies run it) as {@code name}. */
    public static BareOipServer start(Path modelFile, String name) {
        BareOipServer server = new BareOipServer(OnnxModel.load(modelFile, name, 1));
        try {
            server.app.start("127.0.0.1", 0);
            server.grpc.start();
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("the bare gRPC server cannot listen: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    public int grpcPort() {
        return grpc.getPort();
    }

    /** ModelInfer only: the request's tensors into the model, every output back as raw_output_contents. */
    private final class BareGrpc extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
        @Override
        public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
            if (!request.getModelName().equals(model.metadata().name())) {
                out.onError(Status.NOT_FOUND.withDescription("unknown model").asRuntimeException());
                return;
            }
            ModelInferResponse answer;
            try {
                Map<String, Tensor> inputs = new HashMap<>();
                for (Tensor t : GrpcMessages.inputs(request)) inputs.put(t.name(), t);
                answer = GrpcMessages.response(model.metadata().name(), null, request.getId().isEmpty() ? null : request.getId(),
                        List.copyOf(model.infer(inputs).values()));
            } catch (RuntimeException e) {
                out.onError(Status.INVALID_ARGUMENT.withDescription(String.valueOf(e.getMessage())).asRuntimeException());
                return;
            }
            out.onNext(answer);
            out.onCompleted();
        }
    }

    private void infer(Context ctx) {
        if (!ctx.pathParam("model").equals(model.metadata().name())) {
            error(ctx, 404, "unknown model");
            return;
        }
        InferRequest request;
        try {
            String header = ctx.header(HEADER_LENGTH);
            request = reader.readRequest(ctx.bodyAsBytes(), header == null ? OipRequestReader.NO_BINARY : Integer.parseInt(header.trim()),
                    model.metadata().inputs());
        } catch (OipFormatException | NumberFormatException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        Map<String, Tensor> inputs = new HashMap<>();
        for (Tensor t : request.inputs()) inputs.put(t.name(), t);
        Map<String, Tensor> outputs;
        try {
            outputs = model.infer(inputs);
        } catch (RuntimeException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        EncodedMessage answer = OipCodec.writeResponse(new InferResponse(model.metadata().name(), null, request.id(), null,
                List.copyOf(outputs.values())), request::wantsBinary);
        if (answer.hasBinary()) ctx.header(HEADER_LENGTH, Integer.toString(answer.jsonLength()));
        ctx.status(200).contentType(answer.hasBinary() ? "application/octet-stream" : "application/json").result(answer.body());
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json")
                .result(("{\"error\":" + OipCodec.JSON.valueToTree(String.valueOf(message)) + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        grpc.shutdownNow();
        app.stop();
        model.close();
    }
}
