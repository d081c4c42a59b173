package dev.warden.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import dev.warden.grpc.v2.GRPCInferenceServiceGrpc;
import dev.warden.grpc.v2.InferParameter;
import dev.warden.grpc.v2.InferTensorContents;
import dev.warden.grpc.v2.ModelInferRequest;
import dev.warden.grpc.v2.ModelInferResponse;
import dev.warden.grpc.v2.ModelMetadataRequest;
import dev.warden.grpc.v2.ModelMetadataResponse;
import dev.warden.grpc.v2.ModelReadyRequest;
import dev.warden.grpc.v2.ServerLiveRequest;
import dev.warden.grpc.v2.ServerReadyRequest;
import dev.warden.runtime.Accounts;
import dev.warden.server.RunningServer;
import dev.warden.server.ServeOptions;
import dev.warden.server.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KServe v2 gRPC front with grpc-java's generated client, against the real CNN: the same accounts, guard and
 * decisions as HTTP, answered in raw_output_contents as Triton's clients expect, refusals as gRPC statuses.
 */
class GrpcEndToEndTest {
    static final String KEY = "grpc-partner-key";
    @TempDir
    static Path dir;
    static RunningServer server;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), TestServer.cnnPolicy("""
                server: {rateLimit: {enabled: false}}
                anonymous: {allowed: true, tier: label}
                accounts:
                  - {id: partner, keySha256: "%s", tier: scores}
                state: {dataDir: "%s"}
                defenses:
                  - {type: lockout, banAfter: 2, banSeconds: 60}
                  - {type: validate}
                  - {type: query}
                """.formatted(Accounts.sha256(KEY), dir.resolve("data"))));
        server = RunningServer.start(dir.resolve("policy.yaml"), new ServeOptions("127.0.0.1", 0, 0, null, null));
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub(String key) {
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        if (key == null) return stub;
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static ModelInferRequest raw(double[] image) {
        ByteBuffer b = ByteBuffer.allocate(image.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : image) b.putFloat((float) v);
        return ModelInferRequest.newBuilder().setModelName("fashion-cnn").setId("g1")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addShape(1).addShape(1).addShape(28).addShape(28))
                .addRawInputContents(ByteString.copyFrom(b.flip())).build();
    }

    static String label(ModelInferResponse r) {
        int i = r.getOutputsList().stream().map(ModelInferResponse.InferOutputTensor::getName).toList().indexOf("label");
        ByteBuffer b = r.getRawOutputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    @Test
    void healthMetadataAndReadinessAnswerLikeTheHttpFront() {
        assertThat(stub(null).serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(stub(null).serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(stub(null).modelReady(ModelReadyRequest.newBuilder().setName("fashion-cnn").build()).getReady()).isTrue();
        ModelMetadataResponse m = stub(null).modelMetadata(ModelMetadataRequest.newBuilder().setName("fashion-cnn").build());
        assertThat(m.getInputs(0).getName()).isEqualTo("input");
        assertThat(m.getInputs(0).getShapeList()).containsExactly(-1L, 1L, 28L, 28L);
        assertThat(m.getOutputsList()).as("an anonymous label-tier caller is told what it receives")
                .extracting(ModelMetadataResponse.TensorMetadata::getName).containsExactly("label", "class");
        assertThatThrownBy(() -> stub(null).modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void rawAndTypedTensorsAreAnsweredWithTheSameLabelAsHttp() {
        double[] image = TestServer.testImages().image(0);
        ModelInferResponse viaRaw = stub(null).modelInfer(raw(image));
        assertThat(viaRaw.getModelName()).isEqualTo("fashion-cnn");
        assertThat(viaRaw.getId()).isEqualTo("g1");
        assertThat(label(viaRaw)).isEqualTo("Ankle boot");
        ModelInferRequest.Builder typed = ModelInferRequest.newBuilder().setModelName("fashion-cnn");
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (double v : TestServer.testImages().image(1)) contents.addFp32Contents((float) v);
        typed.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                .addShape(1).addShape(1).addShape(28).addShape(28).setContents(contents));
        String viaTyped = label(stub(null).modelInfer(typed.build()));
        // The same image again would be a near-copy to the query detector: ask a second, unguarded Warden over HTTP.
        Path other = dir.resolve("http-only");
        try (TestServer http = TestServer.start(Files.createDirectories(other), TestServer.cnnPolicy("anonymous: {allowed: true, tier: label}\n"), null)) {
            String body = http.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("h", TestServer.testImages().image(1)), null).body();
            assertThat(body).contains("\"" + viaTyped + "\"");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void invalidInputAndWrongKeysGetTheirStatusAndReason() {
        ModelInferRequest shortData = ModelInferRequest.newBuilder().setModelName("fashion-cnn")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addShape(1).addShape(300_000_000L))
                .addRawInputContents(ByteString.copyFrom(new byte[16])).build();
        assertThatThrownBy(() -> stub(null).modelInfer(shortData)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("needs 1200000000");
        });
        assertThatThrownBy(() -> stub("wrong-key").modelInfer(raw(TestServer.testImages().image(2))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).startsWith("invalid_api_key");
                });
        ModelInferRequest streamWithoutFrame = raw(TestServer.testImages().image(3)).toBuilder()
                .putParameters("stream_id", InferParameter.newBuilder().setStringParam("cam-1").build()).build();
        assertThatThrownBy(() -> stub(null).modelInfer(streamWithoutFrame)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getDescription()).contains("stream_id and frame_index go together"));
    }

    @Test
    void aProbingAccountIsRefusedThenLockedOutWithRetryInfo() {
        double[] x = TestServer.testImages().image(40);
        SplittableRandom r = new SplittableRandom(3);
        assertThat(stub(KEY).modelInfer(raw(x)).getOutputsList()).as("the scores tier sees the logits")
                .extracting(ModelInferResponse.InferOutputTensor::getName).containsExactly("logits");
        StatusRuntimeException last = null;
        for (int i = 0; i < 8; i++) {
            double[] y = x.clone();
            for (int k = 0; k < y.length; k++) y[k] = Math.min(1, Math.max(0, y[k] + (r.nextDouble() * 2 - 1) * 0.002));
            try {
                stub(KEY).modelInfer(raw(y));
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isIn(Status.Code.PERMISSION_DENIED, Status.Code.RESOURCE_EXHAUSTED);
                last = e;
            }
        }
        assertThat(last).isNotNull();
        assertThat(last.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        com.google.rpc.Status detail = StatusProto.fromThrowable(last);
        assertThat(detail.getDetailsList()).anySatisfy(any -> {
            assertThat(any.is(RetryInfo.class)).isTrue();
        });
    }
}
