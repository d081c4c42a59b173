package dev.warden.defense.ood;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The fitted state of one OOD detector as stored in the calibration file. Per layer: its dimension and,
 * for Mahalanobis, the class means (classes x dim) and precision (dim x dim) as base64 float32
 * ({@link dev.warden.calibrate.Floats}), and the scale its scores are divided by before the layers are
 * combined (their own 1 - targetFpr quantile). For knn, {@code bank} holds bankRows x dim normalised
 * features. {@code threshold} applies to the combined score and flags at most the target rate of the
 * held-out benign images ({@code heldOut} of them; {@code heldOutRate} as measured).
 *
 * <p>A Mahalanobis features layer longer than the policy's {@code maxDimensions} is stored reduced instead
 * ({@link PrincipalReduction}): no precision, but {@code rank}, the {@code basis} (rank x dim) and
 * {@code variances} (rank) as base64 float32, and {@code residualVariance}. Calibrations written before these
 * fields existed have none of them and load as the full-precision layer they are.
 */
public record OodCalibration(String method, int classes, List<Layer> layers, int inputPool, int bankRows, String bank,
                             double threshold, int fitImages, int heldOut, double heldOutRate) {
    public record Layer(OodLayer layer, int dim, String means, String precision, double scale,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer rank,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String basis,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String variances,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double residualVariance) {
        /** A layer scored at full dimension (Mahalanobis with its precision, or knn). */
        Layer(OodLayer layer, int dim, String means, String precision, double scale) {
            this(layer, dim, means, precision, scale, null, null, null, null);
        }

        Layer withScale(double newScale) {
            return new Layer(layer, dim, means, precision, newScale, rank, basis, variances, residualVariance);
        }
    }
}
