package dev.warden.grpc;

import com.google.rpc.Code;
import dev.warden.grpc.v2.GRPCInferenceServiceGrpc;
import dev.warden.grpc.v2.ModelInferRequest;
import dev.warden.grpc.v2.ModelInferResponse;
import dev.warden.grpc.v2.ModelMetadataRequest;
import dev.warden.grpc.v2.ModelMetadataResponse;
import dev.warden.grpc.v2.ModelReadyRequest;
import dev.warden.grpc.v2.ModelReadyResponse;
import dev.warden.grpc.v2.ServerLiveRequest;
import dev.warden.grpc.v2.ServerLiveResponse;
import dev.warden.grpc.v2.ServerMetadataRequest;
import dev.warden.grpc.v2.ServerMetadataResponse;
import dev.warden.grpc.v2.ServerReadyRequest;
import dev.warden.grpc.v2.ServerReadyResponse;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipFormatException;
import dev.warden.runtime.Credentials;
import dev.warden.runtime.InferenceException;
import dev.warden.runtime.InferenceResult;
import dev.warden.runtime.InferenceService;
import dev.warden.tensor.Tensor;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KServe v2's {@code inference.GRPCInferenceService} over Warden's {@link InferenceService}: the same routes, accounts,
 * guard and decisions as the HTTP front, only the encoding differs. Nothing here decides anything.
 */
final class InferenceEndpoint extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceEndpoint.class);
    static final String SERVER_NAME = "warden";

    private final InferenceService service;
    private final String serverVersion;

    InferenceEndpoint(InferenceService service, String serverVersion) {
        this.service = service;
        this.serverVersion = serverVersion;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        reply(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        reply(out, () -> ServerReadyResponse.newBuilder().setReady(service.ready()).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        reply(out, () -> ServerMetadataResponse.newBuilder().setName(SERVER_NAME).setVersion(serverVersion).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        reply(out, () -> {
            return ModelReadyResponse.newBuilder().setReady(service.ready(request.getName(), version(request.getVersion()))).build();
        });
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        reply(out, () -> {
            ModelMetadata m = service.metadata(credentials(), request.getName(), version(request.getVersion()));
            ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(m.name()).addVersions(m.version())
                    .setPlatform(m.platform());
            for (TensorSpec in : m.inputs()) b.addInputs(tensor(in));
            // What the caller's tier receives, as over HTTP: a label tier sees label and class, not the logits.
            for (TensorSpec o : service.visibleOutputs(credentials(), request.getName(), version(request.getVersion()))) b.addOutputs(tensor(o));
            return b.build();
        });
    }

    /**
     * Runs on the transport's thread up to the guard, which runs on the service's inference executor; the answer is
     * sent from there (or from the time limit's timer), so that no thread waits for another.
     */
    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        Credentials caller;
        try {
            caller = credentials();
        } catch (RuntimeException e) {
            fail(out, e);
            return;
        }
        service.inferAsync(caller, request.getModelName(), version(request.getModelVersion()), () -> read(request), (r, failure) -> {
            if (failure != null) {
                fail(out, failure);
                return;
            }
            reply(out, () -> {
                ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setModelName(r.model()).setModelVersion(r.version());
                if (r.id() != null) b.setId(r.id());
                b.putAllParameters(GrpcTensors.responseParameters(r.parameters()));
                for (Tensor t : r.outputs()) GrpcTensors.addOutput(b, t);
                return b.build();
            });
        });
    }

    private static InferRequest read(ModelInferRequest request) {
        if (request.getInputsCount() == 0) throw new OipFormatException("'inputs' must hold at least one tensor");
        List<String> outputs = request.getOutputsList().stream().map(ModelInferRequest.InferRequestedOutputTensor::getName).toList();
        return new InferRequest(request.getId().isEmpty() ? null : request.getId(), GrpcTensors.requestParameters(request.getParametersMap()),
                GrpcTensors.inputs(request), outputs);
    }

    private static ModelMetadataResponse.TensorMetadata tensor(TensorSpec spec) {
        ModelMetadataResponse.TensorMetadata.Builder t = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(spec.name()).setDatatype(spec.datatype().name());
        for (long d : spec.shape()) t.addShape(d);
        return t.build();
    }

    private static Credentials credentials() {
        return new Credentials(Credentials.bearer(CallerInterceptor.AUTHORIZATION.get()), CallerInterceptor.PEER.get(), null);
    }

    private static String version(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    private static <T> void reply(StreamObserver<T> out, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (RuntimeException e) {
            fail(out, e);
            return;
        }
        try {
            out.onNext(response);
            out.onCompleted();
        } catch (IllegalStateException | io.grpc.StatusRuntimeException gone) {
            LOG.debug("gRPC call ended before its answer: {}", gone.toString());
        }
    }

    private static void fail(StreamObserver<?> out, RuntimeException e) {
        io.grpc.StatusRuntimeException status;
        if (e instanceof InferenceException ie) {
            status = GrpcStatuses.of(ie);
        } else if (e instanceof OipFormatException fe) {
            status = GrpcStatuses.of(Code.INVALID_ARGUMENT, "bad_request", fe.getMessage(), null);
        } else {
            LOG.error("gRPC call failed unexpectedly", e);
            status = GrpcStatuses.of(Code.INTERNAL, "internal", "internal error", null);
        }
        try {
            out.onError(status);
        } catch (IllegalStateException | io.grpc.StatusRuntimeException gone) {
            LOG.debug("gRPC call ended before its refusal: {}", gone.toString());
        }
    }
}
