package dev.warden.assess.attack;

/**
 * The Boundary attack (Brendel, Rauber and Bethge, 2018) with ART's defaults: initial orthogonal step
 * {@code delta} and step towards the original {@code epsilon}, both adapted by {@code stepAdapt} from the
 * share of adversarial candidates; {@code sampleSize} candidates per trial, up to {@code numTrial} trials
 * per step, {@code maxIter} iterations, {@code initSize} uniform random images tried first.
 */
public record BoundaryParams(double delta, double epsilon, double stepAdapt, int numTrial, int sampleSize,
                             int maxIter, int initSize) {
    public static final double DELTA = 0.01;
    public static final double EPSILON = 0.01;
    public static final double STEP_ADAPT = 0.667;
    public static final int NUM_TRIAL = 25;
    public static final int SAMPLE_SIZE = 20;
    public static final int MAX_ITER = 5000;
    public static final int INIT_SIZE = 100;

    public BoundaryParams {
        if (!(delta > 0) || !(epsilon > 0)) throw new IllegalArgumentException("delta and epsilon must be > 0");
        if (!(stepAdapt > 0 && stepAdapt < 1)) throw new IllegalArgumentException("stepAdapt must be in (0, 1)");
        if (numTrial < 1 || sampleSize < 1 || maxIter < 1 || initSize < 1) {
            throw new IllegalArgumentException("numTrial, sampleSize, maxIter and initSize must be >= 1");
        }
    }

    public static BoundaryParams defaults() {
        return new BoundaryParams(DELTA, EPSILON, STEP_ADAPT, NUM_TRIAL, SAMPLE_SIZE, MAX_ITER, INIT_SIZE);
    }
}
