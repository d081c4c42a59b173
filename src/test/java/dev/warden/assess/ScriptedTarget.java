package dev.warden.assess;

import dev.warden.guard.Reveal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A target in front of the linear model that refuses as a test scripts it: each account is locked out
 * (Retry-After 10 s) once it has sent {@code lockAfter} queries, and the first {@code rejectFirst} requests
 * are rejected. It logs every request as (account, images).
 */
final class ScriptedTarget implements Target {
    static final Duration LOCKOUT = Duration.ofSeconds(10);
    private final ModelTarget inner = new ModelTarget(new LinearModel(), "linear", true);
    private final int accounts;
    private final long lockAfter;
    private int rejectLeft;
    private final Reveal reveal;
    private final int maxBatch;
    private final long[] sent;
    private final long[] lockedAt;
    private final boolean[] locked;
    private final FakeTicker ticker;
    final List<int[]> log = new ArrayList<>();

    ScriptedTarget(int accounts, long lockAfter, int rejectFirst, Reveal reveal, int maxBatch) {
        this(accounts, lockAfter, rejectFirst, reveal, maxBatch, null);
    }

    /** With a ticker, a lockout ends 10 s after it began and the account starts afresh. */
    ScriptedTarget(int accounts, long lockAfter, int rejectFirst, Reveal reveal, int maxBatch, FakeTicker ticker) {
        this.ticker = ticker;
        this.lockedAt = new long[accounts];
        this.locked = new boolean[accounts];
        this.accounts = accounts;
        this.lockAfter = lockAfter;
        this.rejectLeft = rejectFirst;
        this.reveal = reveal;
        this.maxBatch = maxBatch;
        this.sent = new long[accounts];
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public String model() {
        return "linear";
    }

    @Override
    public Reveal reveals() {
        return reveal;
    }

    @Override
    public long[] imageShape() {
        return inner.imageShape();
    }

    @Override
    public int classes() {
        return inner.classes();
    }

    @Override
    public int accounts() {
        return accounts;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public Answer query(int account, List<double[]> images) {
        if (images.size() > maxBatch) throw new AssertionError("batch of " + images.size() + " over the limit " + maxBatch);
        log.add(new int[]{account, images.size()});
        if (locked[account] && ticker != null && ticker.now - lockedAt[account] >= LOCKOUT.toNanos()) {
            locked[account] = false;
            sent[account] = 0;
        }
        if (!locked[account] && sent[account] >= lockAfter) {
            locked[account] = true;
            lockedAt[account] = ticker == null ? 0 : ticker.now;
        }
        if (locked[account]) return Answer.lockedOut(LOCKOUT, "locked_out");
        sent[account] += images.size();
        if (rejectLeft > 0) {
            rejectLeft--;
            return Answer.rejected("suspicious");
        }
        return inner.query(account, images);
    }

    long totalImages() {
        return log.stream().mapToLong(e -> e[1]).sum();
    }
}
