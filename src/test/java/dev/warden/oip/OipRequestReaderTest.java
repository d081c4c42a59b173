package dev.warden.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.model.TensorSpec;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OipRequestReaderTest {
    static final OipRequestReader READER = new OipRequestReader(new OipLimits(10_000, 16));
    static final List<TensorSpec> MODEL = List.of(new TensorSpec("x", DataType.FP32, new long[]{-1, 2}));

    static InferRequest read(String json) {
        return READER.readRequest(json.getBytes(StandardCharsets.UTF_8), MODEL);
    }

    static String reason(String json) {
        try {
            read(json);
            return "none";
        } catch (OipFormatException e) {
            return e.reason();
        }
    }

    @Test
    void fieldsInAnyOrderGiveTheSameTensor() {
        Tensor usual = read("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[1,2,3,4]}]}").inputs().get(0);
        Tensor dataFirst = read("{\"inputs\":[{\"data\":[[1,2],[3,4]],\"shape\":[2,2],\"datatype\":\"FP32\",\"name\":\"x\"}]}").inputs().get(0);
        assertThat(dataFirst.values()).containsExactly(usual.values());
        assertThat(dataFirst.shape()).containsExactly(2, 2);
    }

    @Test
    void declaredShapesAreCheckedBeforeAllocationWithAReasonEach() {
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,300000000],\"data\":[1]}]}"))
                .isEqualTo(OipFormatException.TOO_MANY_ELEMENTS);
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1000,2],\"data\":[1]}]}"))
                .isEqualTo(OipFormatException.SHAPE_EXCEEDS_BODY);
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[4294967296,4294967296],\"data\":[1]}]}"))
                .isEqualTo(OipFormatException.SHAPE_OVERFLOW);
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[1,2,3]}]}"))
                .isEqualTo(OipFormatException.SHAPE_MISMATCH);
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":" + "[1".repeat(1) + ",1".repeat(20) + "],\"data\":[1]}]}"))
                .isEqualTo(OipFormatException.TOO_DEEP);
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"data\":" + "[".repeat(40) + "]".repeat(40) + ",\"datatype\":\"FP32\",\"shape\":[1,2]}]}"))
                .isEqualTo(OipFormatException.TOO_DEEP);
        assertThatThrownBy(() -> read("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":" + "[".repeat(40) + "]".repeat(40) + "}]}"))
                .hasMessageContaining("deeper than shape [1, 2]");
        assertThat(reason("{\"parameters\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + ",\"inputs\":[]}"))
                .isEqualTo(OipFormatException.TOO_DEEP);
    }

    @Test
    void dataBeforeItsShapeIsBoundedByTheBodyAndCheckedAfterwards() {
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"data\":[1,2,3],\"datatype\":\"FP32\",\"shape\":[1,2]}]}"))
                .isEqualTo(OipFormatException.BAD_REQUEST);
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"data\":[1,2],\"datatype\":\"FP32\",\"shape\":[1,300000000]}]}"))
                .isEqualTo(OipFormatException.TOO_MANY_ELEMENTS);
        assertThatThrownBy(() -> read("{\"inputs\":[{\"name\":\"x\",\"data\":[\"a\",2],\"datatype\":\"FP32\",\"shape\":[1,2]}]}"))
                .hasMessageContaining("element 0 is not a number");
        assertThat(read("{\"inputs\":[{\"data\":[\"a\",\"b\"],\"name\":\"s\",\"datatype\":\"BYTES\",\"shape\":[2]}]}").inputs().get(0).strings())
                .containsExactly("a", "b");
    }

    @Test
    void elementsAcrossInputsShareOneLimit() {
        OipRequestReader small = new OipRequestReader(new OipLimits(5, 16));
        String two = "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[3],\"data\":[1,2,3]},"
                + "{\"name\":\"b\",\"datatype\":\"FP32\",\"shape\":[3],\"data\":[1,2,3]}]}";
        assertThatThrownBy(() -> small.readRequest(two.getBytes(StandardCharsets.UTF_8), List.of()))
                .isInstanceOfSatisfying(OipFormatException.class, e -> assertThat(e.reason()).isEqualTo(OipFormatException.TOO_MANY_ELEMENTS));
    }

    @Test
    void trailingContentAndBadJsonAreRefused() {
        assertThat(reason("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]} x")).isEqualTo(OipFormatException.BAD_REQUEST);
        assertThatThrownBy(() -> read("{\"inputs\":[")).hasMessageContaining("not valid JSON");
    }
}
