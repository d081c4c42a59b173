package dev.warden.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Streams of colour frames: every channel moves with the image, and grey square frames are as they always were. */
class VideoStreamsGeometryTest {
    @Test
    void nhwcAndNchwFramesOfTheSameImageAreTheSameFramesLaidOutTwoWays() {
        int c = 3, h = 6, w = 5;
        double[] nchw = new double[c * h * w];
        double[] nhwc = new double[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int p = 0; p < h * w; p++) {
                double v = (k + 1) * 0.1 + p * 0.001;
                nchw[k * h * w + p] = v;
                nhwc[p * c + k] = v;
            }
        }
        List<double[]> a = VideoStreams.benign(nchw, new VideoStreams.Geometry(c, h, w, false, 1), 40, new SplittableRandom(5));
        List<double[]> b = VideoStreams.benign(nhwc, new VideoStreams.Geometry(c, h, w, true, 1), 40, new SplittableRandom(5));
        boolean moved = false;
        for (int t = 0; t < 40; t++) {
            for (int k = 0; k < c; k++) {
                for (int p = 0; p < h * w; p++) assertThat(b.get(t)[p * c + k]).isEqualTo(a.get(t)[k * h * w + p]);
            }
            moved |= java.util.Arrays.stream(a.get(t)).anyMatch(v -> v == 0);   // a shift leaves an empty border
        }
        assertThat(moved).as("the camera moved at least once in 40 frames").isTrue();
    }

    @Test
    void greySquareFramesAreUnchanged() {
        double[] image = new double[28 * 28];
        for (int i = 0; i < image.length; i++) image[i] = (i % 29) / 29.0;
        List<double[]> old = VideoStreams.benign(image, 16, new SplittableRandom(9));
        List<double[]> geo = VideoStreams.benign(image, new VideoStreams.Geometry(1, 28, 28, false, 1), 16, new SplittableRandom(9));
        for (int t = 0; t < 16; t++) assertThat(geo.get(t)).containsExactly(old.get(t));
    }

    @Test
    void brightnessIsClippedToTheInputsRange() {
        double[] u8 = new double[2 * 2 * 3];
        java.util.Arrays.fill(u8, 250);
        for (double[] f : VideoStreams.benign(u8, new VideoStreams.Geometry(3, 2, 2, true, 255), 30, new SplittableRandom(1))) {
            for (double v : f) assertThat(v).isBetween(0.0, 255.0);
        }
    }
}
