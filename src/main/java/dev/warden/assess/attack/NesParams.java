package dev.warden.assess.attack;

/**
 * NES gradient estimation with projected sign-gradient steps (Ilyas et al., 2018): radius {@code eps},
 * {@code samples} queries per estimate (antithetic pairs, so even), sampling scale {@code sigma} and step
 * {@code stepSize}. Ilyas et al. use 50 samples per step; sigma 0.01 suits scores rounded to a few digits.
 */
public record NesParams(double eps, int samples, double sigma, double stepSize) {
    public static final int SAMPLES = 50;
    public static final double SIGMA = 0.01;
    public static final double STEP_SIZE = 0.01;

    public NesParams {
        if (!(eps > 0 && eps <= 1)) throw new IllegalArgumentException("eps must be in (0, 1]");
        if (samples < 2 || samples % 2 != 0) throw new IllegalArgumentException("samples must be even and >= 2");
        if (!(sigma > 0) || !(stepSize > 0)) throw new IllegalArgumentException("sigma and stepSize must be > 0");
    }

    public static NesParams defaults(double eps) {
        return new NesParams(eps, SAMPLES, SIGMA, STEP_SIZE);
    }
}
