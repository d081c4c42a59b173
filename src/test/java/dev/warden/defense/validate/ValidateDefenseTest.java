package dev.warden.defense.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.guard.Account;
import dev.warden.guard.Exchange;
import dev.warden.guard.Query;
import dev.warden.guard.Reveal;
import dev.warden.guard.Signal;
import dev.warden.guard.Tier;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-pass check and the element-by-element loop that names a problem must agree on every kind of value. */
class ValidateDefenseTest {
    private static final Tier TIER = new Tier(Reveal.SCORES, 3, null, false, false);
    private final ValidateDefense validate = new ValidateDefense(ValidateConfig.defaults());

    private static ModelMetadata model(DataType type) {
        return new ModelMetadata("m", "1", "test", List.of(new TensorSpec("input", type, new long[]{-1, 1, 4, 4})),
                List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, 10})), null, new ValueRange(0, 1), null, null, null, null, null, null);
    }

    private Signal check(DataType type, double value, int at) {
        double[] v = new double[32];
        for (int i = 0; i < v.length; i++) v[i] = (i % 7) / 7.0;
        v[at] = value;
        Tensor t = Tensor.numeric("input", type, new long[]{2, 1, 4, 4}, v);
        Query q = Query.of("m", new Account("a", "scores", false), Map.of("input", t), Instant.EPOCH);
        return validate.beforeModel(new Exchange(q, model(type), TIER));
    }

    @Test
    void cleanInputsPassInEveryFloatingDatatype() {
        for (DataType type : List.of(DataType.FP16, DataType.FP32, DataType.FP64)) {
            assertThat(check(type, 1.0, 31)).as("%s", type).isNull();
            assertThat(check(type, 0.0, 0)).as("%s", type).isNull();
        }
    }

    @Test
    void eachProblemIsNamedWhereverItIs() {
        assertThat(check(DataType.FP32, Double.NaN, 17).message()).contains("element 17 is NaN");
        assertThat(check(DataType.FP32, Double.POSITIVE_INFINITY, 3).reason()).isEqualTo("non_finite");
        assertThat(check(DataType.FP64, Double.NEGATIVE_INFINITY, 30).message()).contains("element 30 is -Infinity");
        assertThat(check(DataType.FP32, 1.5, 31).message()).contains("element 31 = 1.5 is outside the model's input range");
        assertThat(check(DataType.FP16, -0.25, 0).reason()).isEqualTo("out_of_range");
        assertThat(check(DataType.FP32, 1e39, 5).reason()).isEqualTo("datatype_mismatch");
    }

    @Test
    void integerDatatypesStillNeedWholeNumbers() {
        double[] v = new double[32];
        v[9] = 0.5;
        Tensor t = Tensor.numeric("input", DataType.INT64, new long[]{2, 1, 4, 4}, v);
        Query q = Query.of("m", new Account("a", "scores", false), Map.of("input", t), Instant.EPOCH);
        assertThat(validate.beforeModel(new Exchange(q, model(DataType.INT64), TIER)).message()).contains("element 9 = 0.5 is not a valid INT64");
    }
}
