package dev.warden.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.warden.grpc.v2.InferTensorContents;
import dev.warden.grpc.v2.ModelInferRequest;
import dev.warden.oip.BinaryTensors;
import dev.warden.oip.OipFormatException;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.util.List;

/**
 * A KServe v2 ModelInferRequest as bytes on the wire and back to tensors, exactly as the gRPC front end reads
 * it (protobuf decoding, then {@link GrpcTensors#inputs}), and an answer as it writes it: for the benchmarks.
 */
public final class GrpcMessages {
    private GrpcMessages() {
    }

    /** The serialized request for {@code model} with {@code inputs}, as raw_input_contents or as typed contents. */
    public static byte[] request(String model, List<Tensor> inputs, boolean raw) {
        ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model);
        for (Tensor t : inputs) {
            ModelInferRequest.InferInputTensor.Builder in = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName(t.name()).setDatatype(t.datatype().name());
            for (long d : t.shape()) in.addShape(d);
            if (raw) {
                b.addRawInputContents(ByteString.copyFrom(BinaryTensors.encode(t)));
            } else {
                if (t.datatype() != DataType.FP32) throw new IllegalArgumentException("typed contents: FP32 only here");
                InferTensorContents.Builder c = InferTensorContents.newBuilder();
                for (double v : t.values()) c.addFp32Contents((float) v);
                in.setContents(c);
            }
            b.addInputs(in);
        }
        return b.build().toByteArray();
    }

    /** The tensors of a parsed request, as the gRPC front end reads them. */
    public static List<Tensor> inputs(ModelInferRequest request) {
        return GrpcTensors.inputs(request);
    }

    /** An answer carrying {@code outputs} in raw_output_contents, as the gRPC front end writes them. */
    public static dev.warden.grpc.v2.ModelInferResponse response(String model, String version, String id, List<Tensor> outputs) {
        var b = dev.warden.grpc.v2.ModelInferResponse.newBuilder().setModelName(model).setModelVersion(version == null ? "" : version);
        if (id != null) b.setId(id);
        for (Tensor t : outputs) GrpcTensors.addOutput(b, t);
        return b.build();
    }

    /** The tensors of a serialized request, as the gRPC front end reads them. */
    public static List<Tensor> inputs(byte[] message) {
        try {
            return GrpcTensors.inputs(ModelInferRequest.parseFrom(message));
        } catch (InvalidProtocolBufferException e) {
            throw new OipFormatException("not a ModelInferRequest: " + e.getMessage());
        }
    }
}
