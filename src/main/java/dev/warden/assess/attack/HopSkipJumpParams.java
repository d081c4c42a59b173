package dev.warden.assess.attack;

/**
 * HopSkipJump (Chen, Jordan and Wainwright, 2020), L2, with ART's defaults: at most {@code maxIter}
 * iterations, {@code initEval * sqrt(t + 1)} (at most {@code maxEval}) queries per gradient estimate, and up
 * to {@code initSize} uniform random images tried to find a first adversarial one.
 */
public record HopSkipJumpParams(int maxIter, int initEval, int maxEval, int initSize) {
    public static final int MAX_ITER = 50;
    public static final int INIT_EVAL = 100;
    public static final int MAX_EVAL = 10_000;
    public static final int INIT_SIZE = 100;

    public HopSkipJumpParams {
        if (maxIter < 1) throw new IllegalArgumentException("maxIter must be >= 1");
        if (initEval < 1 || maxEval < initEval) throw new IllegalArgumentException("need 1 <= initEval <= maxEval");
        if (initSize < 1) throw new IllegalArgumentException("initSize must be >= 1");
    }

    public static HopSkipJumpParams defaults() {
        return new HopSkipJumpParams(MAX_ITER, INIT_EVAL, MAX_EVAL, INIT_SIZE);
    }
}
