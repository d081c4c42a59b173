package dev.warden.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.warden.tensor.DataType;
import org.junit.jupiter.api.Test;

/** Declared conversion of samples to a model input: layout, range, resize, colour, normalization, refusals. */
class InputConversionTest {
    private static InputConversion nchw(long c, long h, long w, Resize resize, ColorMode color) {
        return new InputConversion("input", DataType.FP32, InputLayout.NCHW, new long[]{c, h, w}, resize, color, 0, 1, null);
    }

    /** A 2x2 RGB image, HWC, pixel (y, x) channel k = 100 y + 10 x + k. */
    private static RawSample hwc(RawSample.Arrangement arrangement) {
        double[] v = new double[12];
        for (int y = 0; y < 2; y++) for (int x = 0; x < 2; x++) for (int k = 0; k < 3; k++) v[(y * 2 + x) * 3 + k] = 100 * y + 10 * x + k;
        return new RawSample("test image", v, new int[]{2, 2, 3}, arrangement, false, null);
    }

    @Test
    void hwcPixelsBecomeNchwInTheInputRange() {
        double[] v = new double[12];
        v[0] = 255;
        v[1] = 51;
        RawSample pixels = new RawSample("p", v, new int[]{2, 2, 3}, RawSample.Arrangement.HWC, true, null);
        InputConversion c = new InputConversion("input", DataType.FP32, InputLayout.NCHW, new long[]{3, 2, 2}, null, null, -1, 1, null);
        double[] out = c.apply(pixels);
        assertThat(out[0]).isEqualTo(1.0);
        assertThat(out[4]).isCloseTo(-0.6, within(1e-12));
        assertThat(out[1]).isEqualTo(-1.0);
    }

    @Test
    void anArrayInTheOtherLayoutIsTransposedAndOneInTheSameIsTakenAsIs() {
        double[] nchw = nchw(3, 2, 2, null, null).apply(hwc(RawSample.Arrangement.ARRAY));
        // channel 1 of pixel (y=1, x=0) sits at (1 * 2 + 1) * 2 + 0 in CHW
        assertThat(nchw[(1 * 2 + 1) * 2]).isEqualTo(101);
        assertThat(nchw[0]).isZero();
        assertThat(nchw[4]).isEqualTo(1);
        InputConversion nhwc = new InputConversion("input", DataType.FP32, InputLayout.NHWC, new long[]{2, 2, 3}, null, null, 0, 1, null);
        assertThat(nhwc.apply(hwc(RawSample.Arrangement.ARRAY))).containsExactly(hwc(RawSample.Arrangement.ARRAY).values());
        RawSample chw = new RawSample("chw", nchw, new int[]{3, 2, 2}, RawSample.Arrangement.ARRAY, false, null);
        assertThat(nhwc.apply(chw)).containsExactly(hwc(RawSample.Arrangement.ARRAY).values());
    }

    @Test
    void aShapeThatIsNoTransposeIsRefusedNamingBothUnlessAResizeIsDeclared() {
        RawSample big = new RawSample("sample 4 of signs.npz", new double[4 * 4 * 3], new int[]{4, 4, 3}, RawSample.Arrangement.ARRAY, true, null);
        assertThatThrownBy(() -> nchw(3, 2, 2, null, null).apply(big)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("sample 4 of signs.npz has shape [4, 4, 3]")
                .hasMessageContaining("input 'input' FP32 [3, 2, 2] (NCHW)")
                .hasMessageContaining("--resize");
        double[] resized = nchw(3, 2, 2, new Resize(2, 2), null).apply(big);
        assertThat(resized).hasSize(12);
        RawSample image = new RawSample("a.png", new double[4 * 4], new int[]{4, 4, 1}, RawSample.Arrangement.HWC, true, null);
        assertThatThrownBy(() -> nchw(1, 2, 2, null, null).apply(image)).hasMessageContaining("4x4 against 2x2; declare --resize 2x2");
        assertThatThrownBy(() -> nchw(3, 4, 4, null, null).apply(image)).hasMessageContaining("1 channel(s) against 3; declare --color rgb");
    }

    @Test
    void resizeIsBilinearWithHalfPixelCentres() {
        RawSample ramp = new RawSample("ramp", new double[]{0, 100, 200, 300}, new int[]{1, 4, 1}, RawSample.Arrangement.HWC, false, null);
        double[] out = new InputConversion("input", DataType.FP32, InputLayout.NHWC, new long[]{1, 2, 1}, new Resize(1, 2), null, 0, 1, null).apply(ramp);
        // output x=0 samples source x=0.5, x=1 samples x=2.5
        assertThat(out).containsExactly(50, 250);
        RawSample tiny = new RawSample("tiny", new double[]{0, 90}, new int[]{1, 2, 1}, RawSample.Arrangement.HWC, false, null);
        double[] up = new InputConversion("input", DataType.FP32, InputLayout.NHWC, new long[]{1, 4, 1}, new Resize(1, 4), null, 0, 1, null).apply(tiny);
        assertThat(up).containsExactly(0, 22.5, 67.5, 90);
    }

    @Test
    void colourConversionIsDeclaredAndMustAgreeWithTheInput() {
        double[] grey = nchw(1, 2, 2, null, ColorMode.GRAY).apply(hwc(RawSample.Arrangement.HWC));
        assertThat(grey[3]).isCloseTo(0.299 * 110 + 0.587 * 111 + 0.114 * 112, within(1e-9));
        assertThatThrownBy(() -> nchw(3, 2, 2, null, ColorMode.GRAY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--color gray gives 1 channel(s) but input 'input' takes 3");
        assertThatThrownBy(() -> nchw(3, 2, 2, new Resize(5, 5), null)).hasMessageContaining("--resize 5x5 does not match");
    }

    @Test
    void featuresMustHaveTheInputsCountAndUint8InputsGetWholePixels() {
        InputConversion tabular = new InputConversion("x", DataType.FP32, InputLayout.FEATURES, new long[]{3}, null, null, 0, 1, null);
        RawSample row = new RawSample("line 2 of t.csv", new double[]{1.5, -2, 7}, new int[]{3}, RawSample.Arrangement.FEATURES, false, "1");
        assertThat(tabular.apply(row)).containsExactly(1.5, -2, 7);
        RawSample wide = new RawSample("line 3 of t.csv", new double[4], new int[]{4}, RawSample.Arrangement.FEATURES, false, "1");
        assertThatThrownBy(() -> tabular.apply(wide)).hasMessageContaining("line 3 of t.csv has shape [4] (4 values)").hasMessageContaining("takes 3");
        InputConversion uint8 = new InputConversion("x", DataType.UINT8, InputLayout.NHWC, new long[]{2, 2, 3}, null, null, 0, 255, null);
        RawSample pixels = new RawSample("p", hwc(RawSample.Arrangement.HWC).values(), new int[]{2, 2, 3}, RawSample.Arrangement.HWC, true, null);
        assertThat(uint8.apply(pixels)).containsExactly(pixels.values());
    }

    @Test
    void normalizationIsASeparateStepPerChannel() {
        InputConversion c = new InputConversion("input", DataType.FP32, InputLayout.NCHW, new long[]{2, 1, 2}, null, null, 0, 1,
                new Normalization(new double[]{0.5, 0.25}, new double[]{0.5, 0.25}));
        RawSample s = new RawSample("s", new double[]{0, 1, 0.5, 0.5}, new int[]{2, 1, 2}, RawSample.Arrangement.ARRAY, false, null);
        double[] pixels = c.apply(s);
        assertThat(pixels).containsExactly(0, 1, 0.5, 0.5);
        assertThat(c.normalize(pixels)).containsExactly(-1, 1, 1, 1);
        assertThatThrownBy(() -> new Normalization(new double[]{0.5}, new double[]{0})).hasMessageContaining("std must be > 0");
        assertThatThrownBy(() -> new InputConversion("input", DataType.FP32, InputLayout.NCHW, new long[]{3, 1, 1}, null, null, 0, 1,
                new Normalization(new double[]{0, 0}, new double[]{1, 1}))).hasMessageContaining("has 3 channels");
    }
}
