package dev.warden.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OipCodecTest {
    static InferRequest parse(String json) {
        return OipCodec.parseRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flatAndNestedDataGiveTheSameTensor() {
        Tensor flat = parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[1,2,3,4]}]}").inputs().get(0);
        Tensor nested = parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[[1,2],[3,4]]}]}").inputs().get(0);
        assertThat(nested.values()).containsExactly(flat.values());
        assertThat(nested.shape()).containsExactly(2, 2);
    }

    @Test
    void parametersKeepNestedValuesAndDropNulls() {
        InferRequest r = parse("""
                {"parameters":{"gone":null,"withheld":[{"index":2,"reason":"x"}]},
                 "inputs":[{"name":"b","datatype":"BOOL","shape":[1],"data":[true]}]}""");
        assertThat(r.parameters()).doesNotContainKey("gone");
        assertThat(r.parameters().get("withheld")).isEqualTo(java.util.List.of(java.util.Map.of("index", 2, "reason", "x")));
    }

    @Test
    void readsIdParametersOutputsBoolsAndBytes() {
        InferRequest r = parse("""
                {"id":"7","parameters":{"stream_id":"cam","frame_index":3},
                 "inputs":[{"name":"b","datatype":"BOOL","shape":[2],"data":[true,false]},
                           {"name":"s","datatype":"BYTES","shape":[1],"data":["hi"]}],
                 "outputs":[{"name":"logits"}]}""");
        assertThat(r.id()).isEqualTo("7");
        assertThat(r.parameters()).containsEntry("stream_id", "cam").containsEntry("frame_index", 3L);
        assertThat(r.inputs().get(0).values()).containsExactly(1, 0);
        assertThat(r.inputs().get(1).strings()).containsExactly("hi");
        assertThat(r.outputs()).containsExactly("logits");
    }

    @Test
    void responsesRoundTrip() {
        InferResponse response = new InferResponse("m", "1", "id", Map.of("k", "v"), List.of(
                Tensor.numeric("c", DataType.INT64, new long[]{2}, new double[]{3, 4}),
                Tensor.bytes("label", new long[]{2}, new String[]{"a", "b"})));
        InferResponse back = OipCodec.parseResponse(OipCodec.writeResponse(response));
        assertThat(back.modelName()).isEqualTo("m");
        assertThat(back.outputs().get(0).values()).containsExactly(3, 4);
        assertThat(back.outputs().get(1).strings()).containsExactly("a", "b");
        assertThat(new String(OipCodec.writeResponse(response), StandardCharsets.UTF_8)).contains("\"data\":[3,4]");
    }

    @Test
    void malformedTensorsAreNamed() {
        assertThatThrownBy(() -> parse("{\"inputs\":[{\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}"))
                .hasMessageContaining("inputs[0].name");
        assertThatThrownBy(() -> parse("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"data\":[1]}]}"))
                .hasMessageContaining("input 'x': datatype is missing");
        assertThatThrownBy(() -> parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1.5],\"data\":[1]}]}"))
                .hasMessageContaining("shape[0] is not an integer");
        assertThatThrownBy(() -> parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,[2]]}]}"))
                .hasMessageContaining("mixes arrays and scalars");
        assertThatThrownBy(() -> parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[[1,2],[3]]}]}"))
                .hasMessageContaining("nested data does not match shape");
        assertThatThrownBy(() -> parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,2,3]}]}"))
                .hasMessageContaining("data has 3 elements but shape [2] needs 2");
        assertThatThrownBy(() -> parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}]}"))
                .hasMessageContaining("'data' is missing");
        assertThatThrownBy(() -> parse("{\"id\":5,\"inputs\":[]}")).hasMessageContaining("'id' must be a string");
    }

    @Test
    void nonFiniteLiteralsAreParsedSoThatValidationCanNameThem() {
        Tensor t = parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[NaN,Infinity]}]}").inputs().get(0);
        assertThat(Double.isNaN(t.values()[0])).isTrue();
        assertThat(Double.isInfinite(t.values()[1])).isTrue();
    }
}
