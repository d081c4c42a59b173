package dev.warden.defense.ood;

import java.util.List;

/**
 * The fitted state of one OOD detector as stored in the calibration file. Per layer: its dimension and,
 * for Mahalanobis, the class means (classes x dim) and precision (dim x dim) as base64 float32
 * ({@link dev.warden.calibrate.Floats}), and the scale its scores are divided by before the layers are
 * combined (their own 1 - targetFpr quantile). For knn, {@code bank} holds bankRows x dim normalised
 * features. {@code threshold} applies to the combined score and flags at most the target rate of the
 * held-out benign images ({@code heldOut} of them; {@code heldOutRate} as measured).
 */
public record OodCalibration(String method, int classes, List<Layer> layers, int inputPool, int bankRows, String bank,
                             double threshold, int fitImages, int heldOut, double heldOutRate) {
    public record Layer(OodLayer layer, int dim, String means, String precision, double scale) {
    }
}
