package dev.warden.defense;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.model.InputDomain;
import dev.warden.model.Layout;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.tensor.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each requirement against metadata that meets it and metadata that does not, with the reason given. */
class RequirementTest {
    static ModelMetadata model(TensorSpec input, List<TensorSpec> outputs, String features, InputDomain domain) {
        return new ModelMetadata("m", "1", "test", List.of(input), outputs, null, null, null, null, null, features, null,
                domain == null ? List.of() : List.of(domain));
    }

    static final List<TensorSpec> LOGITS = List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, 3}));

    @Test
    void theStubClassifierOfTheGuardHarnessMeetsEveryRequirement() {
        for (Requirement r : Requirement.values()) assertThat(r.unmetBy(GuardHarness.META)).as(r.name()).isNull();
    }

    @Test
    void imagesNeedALayoutAndFixedSpatialDimensions() {
        TensorSpec nchw = new TensorSpec("x", DataType.FP32, new long[]{-1, 3, 32, 32});
        assertThat(Requirement.SPATIAL_IMAGE.unmetBy(model(nchw, LOGITS, null, new InputDomain("x", Layout.NCHW, null, null)))).isNull();
        assertThat(Requirement.SPATIAL_IMAGE.unmetBy(model(nchw, LOGITS, null, null)))
                .isEqualTo("the input 'x' is FP32 [N,3,32,32] (no layout known)");
        TensorSpec free = new TensorSpec("x", DataType.FP32, new long[]{-1, 3, -1, -1});
        assertThat(Requirement.SPATIAL_IMAGE.unmetBy(model(free, LOGITS, null, new InputDomain("x", Layout.NCHW, null, null))))
                .contains("with free or single-pixel spatial dimensions");
        TensorSpec nhwc = new TensorSpec("x", DataType.UINT8, new long[]{-1, 32, 32, 3});
        ModelMetadata channelsLast = model(nhwc, LOGITS, null, new InputDomain("x", Layout.NHWC, null, null));
        assertThat(Requirement.SPATIAL_IMAGE.unmetBy(channelsLast)).isNull();
        assertThat(Requirement.NCHW_IMAGE.unmetBy(channelsLast)).endsWith("channels last");
    }

    @Test
    void scoresFeaturesAndRangeAreNamedWhenMissing() {
        TensorSpec tabular = new TensorSpec("x", DataType.FP32, new long[]{-1, 13});
        ModelMetadata noScores = model(tabular, List.of(new TensorSpec("label", DataType.INT64, new long[]{-1})), null, null);
        assertThat(Requirement.SCORES.unmetBy(noScores)).contains("is not a floating [N, C] tensor");
        assertThat(Requirement.FEATURES.unmetBy(noScores)).isEqualTo("model 'm' declares no features output");
        assertThat(Requirement.INPUT_RANGE.unmetBy(noScores)).contains("with no declared range");
        ModelMetadata ranged = model(tabular, LOGITS, null, new InputDomain("x", Layout.FEATURES, List.of(new ValueRange(0, 1)), null));
        assertThat(Requirement.INPUT_RANGE.unmetBy(ranged)).isNull();
        assertThat(Requirement.SCORES.unmetBy(ranged)).isNull();
    }

    @Test
    void layoutIsInferredFromTheShape() {
        assertThat(Layout.infer(new long[]{-1, 13})).isEqualTo(Layout.FEATURES);
        assertThat(Layout.infer(new long[]{-1, 1, 28, 28})).isEqualTo(Layout.NCHW);
        assertThat(Layout.infer(new long[]{-1, 224, 224, 3})).isEqualTo(Layout.NHWC);
        assertThat(Layout.infer(new long[]{-1, 28, 28})).isNull();
        assertThat(Layout.infer(new long[]{-1, 10, 20, 30})).isNull();
    }
}
