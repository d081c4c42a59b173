package dev.warden.defense.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputContractTest {
    static final ModelMetadata META = new ModelMetadata("m", "1", "test",
            List.of(new TensorSpec("x", DataType.FP32, new long[]{-1, 2})),
            List.of(new TensorSpec("y", DataType.FP32, new long[]{-1, 3})), List.of("a", "b", "c"), null, null, "y", null, null, null);

    static Tensor y(double... v) {
        return Tensor.fp32("y", new long[]{v.length / 3, 3}, v);
    }

    @Test
    void keepsAndBreaksShapeRangeAndLabels() {
        OutputContract c = new OutputContract("y", List.of(-1L, 3L), List.of(-5.0, 5.0), List.of("a", "b"));
        assertThat(c.breach(y(1, 0, 0, 0, 2, 1), META)).isNull();
        assertThat(c.breach(y(0, 0, 3), META)).isEqualTo("predicts 'c' for input 0, not one of [a, b]");
        assertThat(c.breach(y(9, 0, 0), META)).contains("element 0 = 9.000 is outside the contract's range [-5.0, 5.0]");
        assertThat(c.breach(y(Double.NaN, 0, 0), META)).contains("element 0 is NaN");
        assertThat(new OutputContract("y", List.of(-1L, 4L), null, null).breach(y(1, 0, 0), META)).contains("has shape [1, 3]");
        assertThat(c.breach(null, META)).isEqualTo("gave no output 'y'");
    }

    @Test
    void refusesContractsThatCannotHold() {
        assertThatThrownBy(() -> new OutputContract("y", null, List.of(2.0, 1.0), null)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> new OutputContract("y", null, null, null)).hasMessageContaining("give shape, range or labels");
        assertThatThrownBy(() -> new OutputContract("y", null, null, List.of("z")).checkAgainst(META)).hasMessageContaining("has no label 'z'");
        assertThatThrownBy(() -> new OutputContract("q", null, null, List.of("a")).checkAgainst(META)).hasMessageContaining("has no output 'q'");
    }
}
