package dev.warden.assess.attack;

/**
 * SimBA-DCT (Guo et al., 2019): step {@code stepSize} along one orthonormal 2-D DCT basis vector at a time,
 * low frequencies first ({@code freqDim} x {@code freqDim}, then growing by {@code stride}), each image kept
 * within L-inf {@code eps} of the original. ART's defaults are freqDim 4 and stride 1; the paper's step is 0.2.
 */
public record SimbaParams(double eps, double stepSize, int freqDim, int stride) {
    public static final double STEP_SIZE = 0.2;
    public static final int FREQ_DIM = 4;
    public static final int STRIDE = 1;

    public SimbaParams {
        if (!(eps > 0 && eps <= 1)) throw new IllegalArgumentException("eps must be in (0, 1]");
        if (!(stepSize > 0)) throw new IllegalArgumentException("stepSize must be > 0");
        if (freqDim < 1 || stride < 1) throw new IllegalArgumentException("freqDim and stride must be >= 1");
    }

    public static SimbaParams defaults(double eps) {
        return new SimbaParams(eps, STEP_SIZE, FREQ_DIM, STRIDE);
    }
}
