package dev.warden.defense.temporal;

/**
 * Fitted temporal thresholds: the scales of label flips and of confidence spread (each its own 1 - targetFpr
 * quantile over benign streams of the largest value any window of the stream reached), and the threshold on
 * their scaled sum that at most targetFpr of the benign streams ever exceed ({@code benignRate} as measured).
 */
public record TemporalCalibration(double flipScale, double spreadScale, double threshold, int streams, int streamLength,
                                  double benignRate) {
}
