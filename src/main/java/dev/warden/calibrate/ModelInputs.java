package dev.warden.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.data.ColorMode;
import dev.warden.data.DataFormatException;
import dev.warden.data.InputConversion;
import dev.warden.data.InputLayout;
import dev.warden.data.ModelSamples;
import dev.warden.data.Resize;
import dev.warden.data.SampleSource;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.oip.OipCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a model's metadata becomes the {@link InputConversion} samples are converted with: the first input's
 * shape and datatype, the declared layout (else read off an unambiguous shape), the declared value range
 * (else [0, 1] for floating inputs and [0, 255] for integer ones), and the declared resize and colour
 * conversion. The one place metadata is read for this, so that what the metadata adds reaches every command.
 */
public final class ModelInputs {
    private ModelInputs() {
    }

    public static InputConversion conversion(ModelMetadata meta, Resize resize, ColorMode color) {
        if (meta.inputs().size() != 1) {
            throw new DataFormatException("model " + meta.name() + " has " + meta.inputs().size() + " inputs; samples feed models of one input");
        }
        TensorSpec input = meta.inputs().get(0);
        long[] full = input.shape();
        if (full.length < 2) throw new DataFormatException("model " + meta.name() + ": input " + input + " has no per-sample dimensions");
        long[] shape = Arrays.copyOfRange(full, 1, full.length);
        InputLayout layout = layoutOf(meta, input, shape);
        fillFreeDimensions(shape, layout, resize, color);
        ValueRange range = meta.inputRange() != null ? meta.inputRange()
                : input.datatype().isFloating() ? new ValueRange(0, 1) : new ValueRange(0, 255);
        try {
            return new InputConversion(input.name(), input.datatype(), layout, shape, resize, color, range.min(), range.max(), null);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException("model " + meta.name() + ": " + e.getMessage());
        }
    }

    /** {@code source} converted for {@code meta}'s input, its labels mapped to the model's. */
    public static ModelSamples samples(SampleSource source, ModelMetadata meta, Resize resize, ColorMode color) {
        return ModelSamples.of(source, conversion(meta, resize, color), meta.labels());
    }

    /** A server's OIP model metadata document as metadata, with the labels Warden lists under {@code parameters.labels}. */
    public static ModelMetadata fromOip(JsonNode document, String fallbackName) {
        ModelMetadata m = OipCodec.parseMetadata(document.toString().getBytes(StandardCharsets.UTF_8), fallbackName);
        List<String> labels = new ArrayList<>();
        document.path("parameters").path("labels").forEach(n -> labels.add(n.asText()));
        return new ModelMetadata(m.name(), m.version(), m.platform(), m.inputs(), m.outputs(), labels, null, null,
                null, null, null, null);
    }

    private static InputLayout layoutOf(ModelMetadata meta, TensorSpec input, long[] shape) {
        InputLayout declared = InputLayout.parse(meta.layout());
        if (declared != null) return declared;
        if (shape.length == 1) return InputLayout.FEATURES;
        if (shape.length == 2) return InputLayout.NHWC;
        if (shape.length != 3) return InputLayout.FEATURES;
        boolean first = isChannels(shape[0]), last = isChannels(shape[2]);
        if (first != last) return first ? InputLayout.NCHW : InputLayout.NHWC;
        throw new DataFormatException("model " + meta.name() + ": cannot tell whether input " + input
                + " is NCHW or NHWC; declare \"layout\" in its sidecar");
    }

    private static boolean isChannels(long d) {
        return d == 1 || d == 3 || d == 4;
    }

    private static void fillFreeDimensions(long[] shape, InputLayout layout, Resize resize, ColorMode color) {
        if (layout == InputLayout.FEATURES || shape.length != 3) return;
        int c = layout == InputLayout.NCHW ? 0 : 2, h = layout == InputLayout.NCHW ? 1 : 0, w = h + 1;
        if (shape[c] < 0 && color != null) shape[c] = color.channels();
        if (resize != null) {
            if (shape[h] < 0) shape[h] = resize.height();
            if (shape[w] < 0) shape[w] = resize.width();
        }
    }
}
