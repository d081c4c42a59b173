package dev.warden.defense.smooth;

/**
 * The statistics of Cohen et al. (2019), CERTIFY: a one-sided Clopper-Pearson lower bound on the probability
 * that noise leaves the chosen class, and the certified L2 radius {@code sigma x Phi^-1(pLower)} that follows.
 */
final class Certificate {
    private Certificate() {
    }

    /**
     * The largest p with P(Binomial(n, p) >= k) <= alpha, i.e. the one-sided (1 - alpha) Clopper-Pearson lower
     * bound for k successes in n; 0 when k is 0. Bisection on the exact tail, computed in log space.
     */
    static double lowerBound(int k, int n, double alpha) {
        if (k <= 0) return 0;
        if (k >= n) return Math.pow(alpha, 1.0 / n);
        double lo = 0, hi = (double) k / n;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (upperTail(k, n, mid) > alpha) hi = mid;
            else lo = mid;
        }
        return lo;
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    static double upperTail(int k, int n, double p) {
        if (p <= 0) return k <= 0 ? 1 : 0;
        if (p >= 1) return 1;
        double logP = Math.log(p), logQ = Math.log1p(-p);
        double logTerm = logChoose(n, k) + k * logP + (n - k) * logQ;
        double sum = 0;
        for (int i = k; i <= n; i++) {
            sum += Math.exp(logTerm);
            if (i < n) logTerm += Math.log((double) (n - i) / (i + 1)) + logP - logQ;
        }
        return Math.min(1, sum);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.log((double) (n - k + i) / i);
        return s;
    }

    /** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p must be in (0, 1)");
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -normalQuantile(1 - p);
        double q = p - 0.5, r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
