package dev.warden.defense.temporal;

import java.util.Comparator;

/**
 * Temporal consistency of a window of frames (paper, section 3.2: "temporal inconsistency as a possible
 * signal of an attack in progress"): the number of label flips between consecutive frames, and the standard
 * deviation over the window of the probability of the window's majority label. A frame is one float array:
 * its frame index, then the class probabilities; frames are ordered by index, a repeated index keeps the newest.
 */
public final class WindowScore {
    public record Stats(int frames, int flips, double spread) {
        public double score(double flipScale, double spreadScale) {
            return flips / flipScale + spread / spreadScale;
        }
    }

    private WindowScore() {
    }

    /** {@code newestFirst} as the window store returns it, plus {@code current}, the frame just seen. */
    public static Stats of(float[][] newestFirst, float[] current) {
        java.util.Map<Float, float[]> newest = new java.util.HashMap<>();
        newest.put(current[0], current);
        for (float[] f : newestFirst) newest.putIfAbsent(f[0], f);
        float[][] distinct = newest.values().stream().sorted(Comparator.comparingDouble(f -> f[0])).toArray(float[][]::new);
        return ordered(distinct);
    }

    /** Stats of frames already in order. */
    public static Stats ordered(float[][] frames) {
        int classes = frames[0].length - 1;
        int[] votes = new int[classes];
        int flips = 0;
        int previous = -1;
        for (float[] f : frames) {
            int label = argmax(f);
            votes[label]++;
            if (previous >= 0 && label != previous) flips++;
            previous = label;
        }
        int majority = 0;
        for (int c = 1; c < classes; c++) if (votes[c] > votes[majority]) majority = c;
        double mean = 0;
        for (float[] f : frames) mean += f[1 + majority];
        mean /= frames.length;
        double var = 0;
        for (float[] f : frames) var += (f[1 + majority] - mean) * (f[1 + majority] - mean);
        return new Stats(frames.length, flips, Math.sqrt(var / frames.length));
    }

    private static int argmax(float[] f) {
        int best = 1;
        for (int i = 2; i < f.length; i++) if (f[i] > f[best]) best = i;
        return best - 1;
    }
}
