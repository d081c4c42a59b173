package dev.warden.grpc;

import com.google.protobuf.ByteString;
import dev.warden.grpc.v2.InferParameter;
import dev.warden.grpc.v2.InferTensorContents;
import dev.warden.grpc.v2.ModelInferRequest;
import dev.warden.grpc.v2.ModelInferResponse;
import dev.warden.oip.BinaryTensors;
import dev.warden.oip.OipFormatException;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KServe v2 gRPC tensors to Warden's and back. Inputs come either all as {@code raw_input_contents} (what Triton's
 * and KServe's clients send) or each in its typed {@code contents} field; outputs always go back as
 * {@code raw_output_contents}, as Triton answers. Counts are checked against the declared shapes before any array
 * is built.
 */
final class GrpcTensors {
    private GrpcTensors() {
    }

    static List<Tensor> inputs(ModelInferRequest request) {
        int raw = request.getRawInputContentsCount();
        if (raw > 0 && raw != request.getInputsCount()) {
            throw new OipFormatException("raw_input_contents has " + raw + " entries for " + request.getInputsCount() + " inputs");
        }
        List<Tensor> tensors = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor in = request.getInputs(i);
            DataType type = DataType.fromOip(in.getDatatype());
            if (type == null) throw new OipFormatException("input '" + in.getName() + "': unknown datatype '" + in.getDatatype() + "'");
            long[] shape = in.getShapeList().stream().mapToLong(Long::longValue).toArray();
            if (raw > 0) {
                if (in.hasContents()) throw new OipFormatException("input '" + in.getName() + "' has contents although raw_input_contents is used");
                tensors.add(BinaryTensors.decode(in.getName(), type, shape, request.getRawInputContents(i).asReadOnlyByteBuffer()));
            } else {
                tensors.add(fromContents(in.getName(), type, shape, in.getContents()));
            }
        }
        return tensors;
    }

    private static Tensor fromContents(String name, DataType type, long[] shape, InferTensorContents c) {
        long n = count(name, shape);
        if (type == DataType.BYTES) {
            check(name, type, n, c.getBytesContentsCount());
            String[] s = new String[(int) n];
            for (int i = 0; i < n; i++) s[i] = c.getBytesContents(i).toString(StandardCharsets.UTF_8);
            return Tensor.bytes(name, shape, s);
        }
        double[] v = new double[checkedLength(name, type, n, c)];
        switch (type) {
            case BOOL -> { for (int i = 0; i < v.length; i++) v[i] = c.getBoolContents(i) ? 1 : 0; }
            case INT8, INT16, INT32 -> { for (int i = 0; i < v.length; i++) v[i] = c.getIntContents(i); }
            case INT64 -> { for (int i = 0; i < v.length; i++) v[i] = c.getInt64Contents(i); }
            case UINT8, UINT16, UINT32 -> { for (int i = 0; i < v.length; i++) v[i] = Integer.toUnsignedLong(c.getUintContents(i)); }
            case UINT64 -> { for (int i = 0; i < v.length; i++) v[i] = unsigned(c.getUint64Contents(i)); }
            case FP32 -> { for (int i = 0; i < v.length; i++) v[i] = c.getFp32Contents(i); }
            case FP64 -> { for (int i = 0; i < v.length; i++) v[i] = c.getFp64Contents(i); }
            default -> throw new OipFormatException("input '" + name + "': " + type + " has no typed contents field; send it in raw_input_contents");
        }
        return Tensor.numeric(name, type, shape, v);
    }

    private static int checkedLength(String name, DataType type, long n, InferTensorContents c) {
        int given = switch (type) {
            case BOOL -> c.getBoolContentsCount();
            case INT8, INT16, INT32 -> c.getIntContentsCount();
            case INT64 -> c.getInt64ContentsCount();
            case UINT8, UINT16, UINT32 -> c.getUintContentsCount();
            case UINT64 -> c.getUint64ContentsCount();
            case FP32 -> c.getFp32ContentsCount();
            case FP64 -> c.getFp64ContentsCount();
            default -> 0;
        };
        check(name, type, n, given);
        return given;
    }

    private static void check(String name, DataType type, long expected, int given) {
        if (expected != given) {
            throw new OipFormatException("input '" + name + "': shape holds " + expected + " elements but the " + type
                    + " contents have " + given);
        }
    }

    private static long count(String name, long[] shape) {
        try {
            return Tensor.elementCount(shape);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new OipFormatException("input '" + name + "': shape " + Arrays.toString(shape) + " is not a valid tensor shape");
        }
    }

    private static double unsigned(long bits) {
        return bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
    }

    static Map<String, Object> requestParameters(Map<String, InferParameter> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, p) -> {
            Object value = switch (p.getParameterChoiceCase()) {
                case BOOL_PARAM -> p.getBoolParam();
                case INT64_PARAM -> p.getInt64Param();
                case STRING_PARAM -> p.getStringParam();
                case DOUBLE_PARAM -> p.getDoubleParam();
                case UINT64_PARAM -> p.getUint64Param();
                case PARAMETERCHOICE_NOT_SET -> null;
            };
            if (value != null) out.put(k, value);
        });
        return out;
    }

    /** Response parameters: scalars as themselves; lists and maps (e.g. {@code withheld}) as their JSON text. */
    static Map<String, InferParameter> responseParameters(Map<String, Object> params) {
        Map<String, InferParameter> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v == null) return;
            InferParameter.Builder b = InferParameter.newBuilder();
            if (v instanceof Boolean x) b.setBoolParam(x);
            else if (v instanceof Integer || v instanceof Long) b.setInt64Param(((Number) v).longValue());
            else if (v instanceof Number x) b.setDoubleParam(x.doubleValue());
            else if (v instanceof String x) b.setStringParam(x);
            else b.setStringParam(json(v));
            out.put(k, b.build());
        });
        return out;
    }

    private static String json(Object value) {
        try {
            return dev.warden.oip.OipCodec.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    static void addOutput(ModelInferResponse.Builder response, Tensor t) {
        ModelInferResponse.InferOutputTensor.Builder out = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(t.name()).setDatatype(t.datatype().name());
        for (long d : t.shape()) out.addShape(d);
        response.addOutputs(out);
        response.addRawOutputContents(ByteString.copyFrom(BinaryTensors.encode(t)));
    }
}
