package dev.warden.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.model.TensorSpec;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The binary tensor extension's layout: JSON header, then the raw bytes of each binary tensor in order. */
class BinaryMessagesTest {
    static byte[] message(String header, byte[]... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        for (byte[] r : raw) out.writeBytes(r);
        return out.toByteArray();
    }

    static int length(String header) {
        return header.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void binaryAndJsonInputsMixInOrderAndBytesElementsCarryLengthPrefixes() {
        byte[] words = BinaryTensors.encode(Tensor.bytes("w", new long[]{2}, new String[]{"ab", "ünï"}));
        byte[] ints = BinaryTensors.encode(Tensor.numeric("i", DataType.INT32, new long[]{3}, new double[]{1, -2, 3}));
        String header = "{\"inputs\":[{\"name\":\"w\",\"datatype\":\"BYTES\",\"shape\":[2],\"parameters\":{\"binary_data_size\":" + words.length + "}},"
                + "{\"name\":\"j\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[0.5]},"
                + "{\"name\":\"i\",\"datatype\":\"INT32\",\"shape\":[3],\"parameters\":{\"binary_data_size\":12}}],"
                + "\"outputs\":[{\"name\":\"a\",\"parameters\":{\"binary_data\":false}},{\"name\":\"b\"}],\"parameters\":{\"binary_data_output\":true}}";
        InferRequest r = new OipRequestReader(OipLimits.defaults()).readRequest(message(header, words, ints), length(header), List.of());
        assertThat(r.inputs().get(0).strings()).containsExactly("ab", "ünï");
        assertThat(r.inputs().get(1).values()).containsExactly(0.5);
        assertThat(r.inputs().get(2).values()).containsExactly(1, -2, 3);
        assertThat(r.wantsBinary("a")).as("the output's own flag wins").isFalse();
        assertThat(r.wantsBinary("b")).as("the request's default").isTrue();
    }

    @Test
    void theElementLimitAndTheModelsShapeHoldForBinaryInputs() {
        String header = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"UINT8\",\"shape\":[1,64],\"parameters\":{\"binary_data_size\":64}}]}";
        byte[] body = message(header, new byte[64]);
        assertThatThrownBy(() -> new OipRequestReader(new OipLimits(10, 32)).readRequest(body, length(header), List.of()))
                .isInstanceOf(OipFormatException.class).extracting("reason").isEqualTo(OipFormatException.TOO_MANY_ELEMENTS);
        List<TensorSpec> model = List.of(new TensorSpec("x", DataType.UINT8, new long[]{-1, 32}));
        assertThatThrownBy(() -> new OipRequestReader(OipLimits.defaults()).readRequest(body, length(header), model))
                .isInstanceOf(OipFormatException.class).extracting("reason").isEqualTo(OipFormatException.SHAPE_MISMATCH);
        assertThatThrownBy(() -> new OipRequestReader(OipLimits.defaults()).readRequest(body, 0, List.of()))
                .isInstanceOf(OipFormatException.class).hasMessageContaining("Inference-Header-Content-Length is 0");
    }

    @Test
    void responsesRoundTripWithSomeOutputsBinary() {
        InferResponse response = new InferResponse("m", "1", "q", Map.of(), List.of(
                Tensor.fp32("scores", new long[]{1, 2}, new double[]{0.25, 0.75}),
                Tensor.bytes("label", new long[]{1}, new String[]{"Ankle boot"})));
        EncodedMessage encoded = OipCodec.writeResponse(response, name -> name.equals("scores"));
        assertThat(encoded.hasBinary()).isTrue();
        String header = new String(encoded.body(), 0, encoded.jsonLength(), StandardCharsets.UTF_8);
        assertThat(header).contains("\"parameters\":{\"binary_data_size\":8}").contains("\"data\":[\"Ankle boot\"]");
        InferResponse parsed = OipCodec.parseResponse(encoded.body(), encoded.jsonLength());
        assertThat(parsed.outputs().get(0).values()).containsExactly(0.25, 0.75);
        assertThat(parsed.outputs().get(1).strings()).containsExactly("Ankle boot");
        assertThat(OipCodec.writeResponse(response, name -> false).hasBinary()).isFalse();
    }
}
