package dev.warden.assess;

import java.time.Duration;

/**
 * How the adversary behind an attack behaves. {@code accounts} is how many accounts it holds: with more than
 * one (Sybil) it moves to the next account when one is locked out. {@code adaptive}: it knows which
 * defenses are on and adapts (see {@link QuerySession}): it re-sends a rejected query with fresh random
 * transformations, up to {@code maxRetries} times, never sends an exact repeat of a recent query, and when
 * every account is locked out waits for the first lockout to end (at most {@code maxWait} in all per
 * image) instead of giving up. A plain adversary gives up on the image once every account is locked out.
 * {@code disguise} > 0: every query, not only retries, carries fresh uniform noise of +-disguise on each
 * pixel (kept inside the L-inf ball of an L-inf attack), to keep near-duplicate detectors from matching
 * consecutive queries, at the price of noisier answers and, for L2 attacks, of distance.
 * {@code warmup} > 0: before an account's first attack query it sends that many benign images (distinct images of
 * the data set that are not attacked, in batches), so that a lockout's warm-up of fresh accounts gives it the full
 * tier; those images are the Sybil's work factor and are not counted in the attack's budget.
 * {@code rotate}: a Sybil that sends each request from the next account (round robin, skipping locked-out ones)
 * instead of using one account until it is locked out, so that every account's strikes pile up slowly.
 * {@code oars} (null: none): every query is disguised with noise whose scale the adversary learns from the defense's
 * rejections, and a rejected query is resampled ({@link Oars}); it replaces both the fixed {@code disguise} and the
 * adaptive variant's retries. Lockouts still cost it as they cost any adversary.
 */
public record Adversary(int accounts, boolean adaptive, int maxRetries, Duration maxWait, double disguise, int warmup,
                        boolean rotate, Oars oars) {
    public static final int MAX_RETRIES = 3;
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    public Adversary {
        if (accounts < 1) throw new IllegalArgumentException("accounts must be >= 1");
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
        maxWait = maxWait == null ? MAX_WAIT : maxWait;
        if (!(disguise >= 0 && disguise <= 0.5)) throw new IllegalArgumentException("disguise must be between 0 and 0.5");
        if (warmup < 0) throw new IllegalArgumentException("warmup must be >= 0");
        if (oars != null && disguise > 0) {
            throw new IllegalArgumentException("OARS learns its own disguise noise: give OARS or a fixed disguise, not both");
        }
    }

    public Adversary(int accounts, boolean adaptive, int maxRetries, Duration maxWait, double disguise, int warmup, boolean rotate) {
        this(accounts, adaptive, maxRetries, maxWait, disguise, warmup, rotate, null);
    }

    public Adversary(int accounts, boolean adaptive, int maxRetries, Duration maxWait, double disguise) {
        this(accounts, adaptive, maxRetries, maxWait, disguise, 0, false);
    }

    public static Adversary of(int accounts, boolean adaptive) {
        return new Adversary(accounts, adaptive, MAX_RETRIES, MAX_WAIT, 0);
    }

    public Adversary withDisguise(double noise) {
        return new Adversary(accounts, adaptive, maxRetries, maxWait, noise, warmup, rotate, oars);
    }

    public Adversary withAccounts(int count) {
        return new Adversary(count, adaptive, maxRetries, maxWait, disguise, warmup, rotate, oars);
    }

    public Adversary withWarmup(int images) {
        return new Adversary(accounts, adaptive, maxRetries, maxWait, disguise, images, rotate, oars);
    }

    public Adversary rotating() {
        return new Adversary(accounts, adaptive, maxRetries, maxWait, disguise, warmup, true, oars);
    }

    /** With OARS ({@link Oars}); null: without. */
    public Adversary withOars(Oars settings) {
        return new Adversary(accounts, adaptive, maxRetries, maxWait, disguise, warmup, rotate, settings);
    }

    public String describe() {
        return (adaptive ? "adaptive" : "non-adaptive") + ", " + (accounts == 1 ? "1 account" : accounts + " accounts (Sybil)")
                + (disguise > 0 ? ", every query disguised with noise of +-" + disguise : "")
                + (warmup > 0 ? ", each account warmed up with " + warmup + " benign images" : "")
                + (rotate && accounts > 1 ? ", a new account for each request" : "")
                + (oars != null ? ", " + oars.describe() : "");
    }
}
