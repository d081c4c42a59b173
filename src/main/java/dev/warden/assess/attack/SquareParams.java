package dev.warden.assess.attack;

/**
 * The Square attack, L-inf (Andriushchenko et al., 2020): radius {@code eps}, initial fraction of pixels
 * changed per step {@code pInit} (ART's default 0.8), and the number of iterations the schedule of square
 * sizes is spread over ({@code maxIter}; the campaign sets it to the query budget).
 */
public record SquareParams(double eps, double pInit, int maxIter) {
    public static final double P_INIT = 0.8;
    public static final int MAX_ITER = 10_000;

    public SquareParams {
        if (!(eps > 0 && eps <= 1)) throw new IllegalArgumentException("eps must be in (0, 1]");
        if (!(pInit > 0 && pInit <= 1)) throw new IllegalArgumentException("pInit must be in (0, 1]");
        if (maxIter < 1) throw new IllegalArgumentException("maxIter must be >= 1");
    }

    public static SquareParams defaults(double eps) {
        return new SquareParams(eps, P_INIT, MAX_ITER);
    }
}
