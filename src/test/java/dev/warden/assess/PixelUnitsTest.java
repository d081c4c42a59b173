package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.LabeledImages;
import dev.warden.data.Samples;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attacking a model that takes UINT8 pixels in [0, 255]: the attacks work in [0, 1], the model gets whole pixels. */
class PixelUnitsTest {
    /** The tiny linear classifier behind a UINT8 NHWC [N, 8, 8, 1] input that refuses anything but whole pixels. */
    static final class Uint8Linear implements Model {
        private final LinearModel linear = new LinearModel();
        int queries;

        @Override
        public ModelMetadata metadata() {
            return new ModelMetadata("linear-u8", "1", "test",
                    List.of(new TensorSpec("input", DataType.UINT8, new long[]{-1, LinearModel.SIDE, LinearModel.SIDE, 1})),
                    List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, LinearModel.CLASSES})),
                    List.of(), new ValueRange(0, 255), "NHWC", "logits", null, null, null);
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
            Tensor in = inputs.get("input");
            assertThat(in.datatype()).isEqualTo(DataType.UINT8);
            double[] unit = new double[in.size()];
            for (int i = 0; i < unit.length; i++) {
                double v = in.values()[i];
                if (v != Math.rint(v) || v < 0 || v > 255) throw new IllegalArgumentException("not a UINT8 pixel: " + v);
                unit[i] = v / 255;
            }
            queries += (int) in.batchSize();
            return linear.infer(Map.of("input", Tensor.fp32("input", new long[]{in.batchSize(), 1, LinearModel.SIDE, LinearModel.SIDE}, unit)));
        }
    }

    @Test
    void unitsMapBothWaysAndRoundForIntegerInputs() {
        PixelUnits u8 = new PixelUnits(0, 255, true);
        assertThat(u8.toModel(new double[]{0, 0.5, 1, 0.2})).containsExactly(0, 128, 255, 51);
        assertThat(u8.toUnit(new double[]{0, 51, 255})).containsExactly(0, 0.2, 1);
        PixelUnits signed = new PixelUnits(-1, 1, false);
        assertThat(signed.toModel(new double[]{0, 0.25, 1})).containsExactly(-1, -0.5, 1);
        assertThat(PixelUnits.UNIT.identity()).isTrue();
    }

    @Test
    void squareBreaksTheUint8ModelSendingOnlyWholePixels() {
        LabeledImages unitData = ReportShapeTest.tinyData();
        PixelUnits units = new PixelUnits(0, 255, true);
        Samples pixels = new Samples() {
            @Override
            public String source() {
                return "tiny";
            }

            @Override
            public int count() {
                return unitData.count();
            }

            @Override
            public double[] image(int index) {
                return units.toModel(unitData.image(index));
            }

            @Override
            public int label(int index) {
                return unitData.label(index);
            }
        };
        Uint8Linear model = new Uint8Linear();
        Assessment.Plan plan = new Assessment.Plan(List.of("square"), List.of(Adversary.of(1, false)), a -> null,
                new Budget(500, null), 1, false, 2, null);
        Report report;
        try (Target t = units.unit(new ModelTarget(model, "model:u8", true))) {
            report = new Assessment(Ticker.SYSTEM, null).run(t, null, plan, units.unit(pixels));
        }
        RunResult run = report.runs().get(0);
        assertThat(run.perSample()).hasSize(2);
        assertThat(run.perSample()).anyMatch(SampleResult::success);
        assertThat(model.queries).isGreaterThan(2);
        for (SampleResult s : run.perSample()) {
            if (!s.success()) continue;
            double[] original = unitData.image(s.index());
            double linf = 0;
            for (int i = 0; i < original.length; i++) linf = Math.max(linf, Math.abs(s.adversarial()[i] - original[i]));
            assertThat(linf).isLessThanOrEqualTo(0.2 + 1e-9);
            assertThat(java.util.Arrays.stream(units.toModel(s.adversarial()))).allMatch(v -> v == Math.rint(v) && v >= 0 && v <= 255);
        }
    }
}
