package dev.warden.defense.temporal;

import dev.warden.calibrate.BatchInference;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.ScoresKind;
import dev.warden.tensor.Softmax;
import java.util.List;

/**
 * Plays a stream's frames through the window logic of {@link TemporalDefense} without a server: the largest
 * window score the stream reaches, frame by frame, once a window holds enough frames. Calibration and
 * evaluation use it so that they judge streams exactly as the defense does.
 */
public final class StreamReplay {
    private StreamReplay() {
    }

    /** The frames as the defense stores them: index, then the model's class probabilities. */
    public static float[][] frames(Model model, List<double[]> images) {
        ModelMetadata meta = model.metadata();
        double[][] scores = BatchInference.run(model, images).get(meta.scoresOutputOrFirst());
        float[][] frames = new float[images.size()][];
        for (int t = 0; t < frames.length; t++) {
            double[] p = meta.scoresKind() == ScoresKind.LOGITS ? Softmax.rows(scores[t], scores[t].length) : scores[t];
            frames[t] = frame(t, p, 0, p.length);
        }
        return frames;
    }

    static float[] frame(long index, double[] probabilities, int offset, int classes) {
        float[] f = new float[classes + 1];
        f[0] = index;
        for (int c = 0; c < classes; c++) f[1 + c] = (float) probabilities[offset + c];
        return f;
    }

    /** Per frame, the window stats once the window has {@code minFrames} frames (null before). */
    public static WindowScore.Stats[] stats(float[][] frames, int window, int minFrames) {
        WindowScore.Stats[] out = new WindowScore.Stats[frames.length];
        for (int t = 0; t < frames.length; t++) {
            int from = Math.max(0, t - window + 1);
            if (t - from + 1 < minFrames) continue;
            out[t] = WindowScore.ordered(java.util.Arrays.copyOfRange(frames, from, t + 1));
        }
        return out;
    }

    /** The largest scaled window score over the stream (negative infinity if no window was judged). */
    public static double maxScore(WindowScore.Stats[] stats, double flipScale, double spreadScale) {
        double max = Double.NEGATIVE_INFINITY;
        for (WindowScore.Stats s : stats) if (s != null) max = Math.max(max, s.score(flipScale, spreadScale));
        return max;
    }
}
