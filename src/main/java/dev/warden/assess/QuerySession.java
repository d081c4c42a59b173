package dev.warden.assess;

import dev.warden.assess.attack.Norm;
import dev.warden.assess.attack.Oracle;
import dev.warden.assess.attack.OracleExhausted;
import dev.warden.assess.attack.OracleExhausted.Why;
import dev.warden.assess.attack.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One attack on one sample, as the target sees it: every image sent is one query, refused ones included;
 * batches are cut at the target's batch limit and at the budget. It plays the adversary model (Sybil account
 * switching; the adaptive variant's retries, de-duplication and back-off, as {@link Adversary} describes)
 * and keeps the evidence: the closest misclassified image the target answered, queries until the first one
 * within the radius, and queries until the first refusal (the defenses noticing).
 */
final class QuerySession implements Oracle {
    private static final int RECENT = 4096;
    private final Target target;
    private final double[] original;
    private final int label;
    private final int[] chw;
    private final Norm norm;
    private final double eps;
    private final Budget budget;
    private final Adversary adversary;
    private final boolean stopOnSuccess;
    private final Ticker ticker;
    private final SplittableRandom jitterRandom;
    private final AccountPool accounts;
    private final long start;
    private final List<double[]> benign;
    private final boolean[] warmed;
    private long warmupQueries;
    private final LinkedHashSet<Integer> recent = new LinkedHashSet<>();
    private final OarsNoise oars;
    private long queries;
    private long waited;
    private Long firstSuccess;
    private Long firstRefusal;
    private int rejections;
    private int lockouts;
    private double[] best;
    private int bestLabel;
    private double bestDistance = Double.POSITIVE_INFINITY;

    QuerySession(Target target, double[] original, int label, Norm norm, double eps, Budget budget,
                 Adversary adversary, boolean stopOnSuccess, Ticker ticker, SplittableRandom jitterRandom) {
        this(target, original, label, norm, eps, budget, adversary, stopOnSuccess, ticker, jitterRandom, List.of());
    }

    /**
     * {@code benign}: natural images the adversary holds: a warming adversary ({@link Adversary#warmup()}) sends them
     * before attacking from an account, and an adaptive one starts decision-based attacks from them.
     */
    QuerySession(Target target, double[] original, int label, Norm norm, double eps, Budget budget,
                 Adversary adversary, boolean stopOnSuccess, Ticker ticker, SplittableRandom jitterRandom, List<double[]> benign) {
        if (adversary.warmup() > 0 && benign.isEmpty()) throw new IllegalArgumentException("a warming adversary needs benign images to send");
        this.benign = benign;
        this.warmed = new boolean[adversary.accounts()];
        this.target = target;
        this.original = original.clone();
        this.label = label;
        this.chw = chw(target.imageShape());
        this.norm = norm;
        this.eps = eps;
        this.budget = budget;
        this.adversary = adversary;
        this.stopOnSuccess = stopOnSuccess;
        this.ticker = ticker;
        this.jitterRandom = jitterRandom;
        this.accounts = new AccountPool(adversary.accounts());
        this.oars = adversary.oars() == null ? null : new OarsNoise(adversary.oars());
        this.start = ticker.nanos();
    }

    /** An adaptive adversary's natural images (it knows an ood detector would refuse a noise start); else none. */
    @Override
    public List<double[]> naturalImages() {
        return adversary.adaptive() ? benign : List.of();
    }

    static int[] chw(long[] shape) {
        int[] out = {1, 1, 1};
        for (int i = 0; i < Math.min(3, shape.length); i++) out[2 - i] = (int) shape[shape.length - 1 - i];
        for (int i = 0; i < shape.length - 3; i++) out[0] *= (int) shape[i];
        return out;
    }

    @Override
    public double[] original() {
        return original.clone();
    }

    @Override
    public int label() {
        return label;
    }

    @Override
    public int classes() {
        return target.classes();
    }

    @Override
    public int[] chw() {
        return chw.clone();
    }

    @Override
    public boolean[] adversarial(List<double[]> images) {
        Answer[] answers = ask(images);
        boolean[] out = new boolean[images.size()];
        for (int i = 0; i < out.length; i++) out[i] = answers[i] != null && answers[i].labels()[0] != label;
        return out;
    }

    @Override
    public double[][] probabilities(List<double[]> images) {
        Answer[] answers = ask(images);
        double[][] out = new double[images.size()][];
        for (int i = 0; i < out.length; i++) {
            if (answers[i] == null) continue;
            if (answers[i].probabilities() == null) {
                // Answered with the label only (a degraded answer): no use to a score-based attack, so a refusal.
                refused();
                continue;
            }
            out[i] = answers[i].probabilities()[0];
        }
        return out;
    }

    /** One single-image answer per image, null where refused. */
    private Answer[] ask(List<double[]> images) {
        if (queries >= budget.queries()) throw new OracleExhausted(Why.BUDGET);
        int allowed = (int) Math.min(images.size(), budget.queries() - queries);
        Answer[] out = new Answer[images.size()];
        for (int from = 0; from < allowed; from += target.maxBatch()) {
            int to = Math.min(allowed, from + target.maxBatch());
            send(new ArrayList<>(images.subList(from, to)), out, from);
        }
        if (stopOnSuccess && firstSuccess != null) throw new OracleExhausted(Why.SUCCEEDED);
        if (allowed < images.size()) throw new OracleExhausted(Why.BUDGET);
        return out;
    }

    private void send(List<double[]> chunk, Answer[] out, int offset) {
        if (oars != null) {
            sendResampling(chunk, out, offset);
            return;
        }
        if (adversary.disguise() > 0) chunk = disguised(chunk, adversary.disguise());
        if (adversary.adaptive()) chunk = deduplicated(chunk);
        if (adversary.rotate()) accounts.rotate(ticker.nanos());
        int attempt = 0;
        while (true) {
            checkTime();
            if (queries + chunk.size() > budget.queries()) throw new OracleExhausted(Why.BUDGET);
            warmUp(accounts.current());
            Answer answer = target.query(accounts.current(), chunk);
            queries += chunk.size();
            switch (answer.status()) {
                case ANSWERED -> {
                    record(chunk, answer, out, slots(offset, chunk.size()));
                    return;
                }
                case REJECTED -> {
                    refused();
                    rejections++;
                    if (!adversary.adaptive() || attempt >= adversary.maxRetries()) return;
                    attempt++;
                    List<double[]> retry = new ArrayList<>(chunk.size());
                    for (double[] image : chunk) retry.add(Jitter.apply(image, chw, attempt, jitterRandom));
                    chunk = retry;
                }
                case LOCKED_OUT -> {
                    refused();
                    lockouts++;
                    backOff(answer);
                }
            }
        }
    }

    /**
     * The OARS adversary's send: each try carries fresh noise at the learned scale; a request rejected as an attack,
     * or the images an answer withheld, grow the scale and are resampled (the same proposals, a new noise draw) up to the retry
     * budget; an answered request shrinks it. A lockout moves to the next account (or ends the attack) as for any
     * adversary, and the proposals are sent again from there.
     */
    private void sendResampling(List<double[]> proposals, Answer[] out, int offset) {
        if (adversary.adaptive()) proposals = deduplicated(proposals);
        if (adversary.rotate()) accounts.rotate(ticker.nanos());
        List<double[]> pending = proposals;
        int[] slots = slots(offset, proposals.size());
        int attempt = 0;
        while (true) {
            checkTime();
            if (queries + pending.size() > budget.queries()) throw new OracleExhausted(Why.BUDGET);
            warmUp(accounts.current());
            List<double[]> sent = disguised(pending, oars.scale());
            Answer answer = target.query(accounts.current(), sent);
            queries += sent.size();
            switch (answer.status()) {
                case ANSWERED -> {
                    List<Integer> withheld = record(sent, answer, out, slots);
                    if (withheld.isEmpty()) {
                        oars.answered();
                        return;
                    }
                    oars.rejected();
                    if (attempt >= adversary.oars().retries()) return;
                    attempt++;
                    List<double[]> again = new ArrayList<>(withheld.size());
                    int[] againSlots = new int[withheld.size()];
                    for (int j = 0; j < withheld.size(); j++) {
                        again.add(pending.get(withheld.get(j)));
                        againSlots[j] = slots[withheld.get(j)];
                    }
                    pending = again;
                    slots = againSlots;
                }
                case REJECTED -> {
                    refused();
                    rejections++;
                    // Only a refusal as an attack says the disguise was too weak; out of distribution, degraded or
                    // invalid say something noise cannot fix, and resampling would only spend strikes.
                    if (!Oars.ATTACK_REASON.equals(answer.reason())) return;
                    oars.rejected();
                    if (attempt >= adversary.oars().retries()) return;
                    attempt++;
                }
                case LOCKED_OUT -> {
                    refused();
                    lockouts++;
                    backOff(answer);
                }
            }
        }
    }

    private static int[] slots(int offset, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = offset + i;
        return out;
    }

    /**
     * Before an account's first attack query, a warming adversary sends {@link Adversary#warmup()} distinct benign
     * images from it (account a takes images a x warmup onwards of the pool, wrapping), in batches, and ignores the
     * answers: the Sybil's price for an account that a lockout's warm-up no longer restricts.
     */
    private void warmUp(int account) {
        if (adversary.warmup() == 0 || warmed[account]) return;
        warmed[account] = true;
        int n = adversary.warmup();
        for (int from = 0; from < n; from += target.maxBatch()) {
            List<double[]> batch = new ArrayList<>();
            for (int j = from; j < Math.min(n, from + target.maxBatch()); j++) {
                batch.add(benign.get((int) (((long) account * n + j) % benign.size())));
            }
            target.query(account, batch);
            warmupQueries += batch.size();
        }
    }

    /** Benign images sent to warm accounts up (not in the attack's budget). */
    long warmupQueries() {
        return warmupQueries;
    }

    private void backOff(Answer answer) {
        long now = ticker.nanos();
        if (accounts.lockOutAndSwitch(now + answer.retryAfter().toNanos(), now)) return;
        if (!adversary.adaptive()) throw new OracleExhausted(Why.LOCKED_OUT);
        long wait = accounts.earliestRelease() - now;
        if (waited + wait > adversary.maxWait().toNanos()) throw new OracleExhausted(Why.LOCKED_OUT);
        if (budget.wall() != null && now + wait - start > budget.wall().toNanos()) throw new OracleExhausted(Why.TIME);
        if (wait > 0) {
            ticker.sleep(java.time.Duration.ofNanos(wait));
            waited += wait;
        }
    }

    private List<double[]> disguised(List<double[]> chunk, double a) {
        List<double[]> out = new ArrayList<>(chunk.size());
        for (double[] image : chunk) {
            double[] sent = new double[image.length];
            for (int i = 0; i < sent.length; i++) {
                double v = image[i] + (jitterRandom.nextDouble() * 2 - 1) * a;
                if (norm == Norm.LINF) v = Math.min(original[i] + eps, Math.max(original[i] - eps, v));
                sent[i] = Math.min(1, Math.max(0, v));
            }
            out.add(sent);
        }
        return out;
    }

    private List<double[]> deduplicated(List<double[]> chunk) {
        List<double[]> out = new ArrayList<>(chunk.size());
        for (double[] image : chunk) {
            double[] sent = recent.contains(Arrays.hashCode(image)) ? Jitter.apply(image, chw, 1, jitterRandom) : image;
            int hash = Arrays.hashCode(sent);
            recent.remove(hash);
            recent.add(hash);
            if (recent.size() > RECENT) recent.remove(recent.iterator().next());
            out.add(sent);
        }
        return out;
    }

    /** Puts image i's answer at out[slots[i]]; returns the positions in {@code chunk} of the images the answer withheld. */
    private List<Integer> record(List<double[]> chunk, Answer answer, Answer[] out, int[] slots) {
        List<Integer> withheld = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (answer.labels()[i] < 0) {
                // Withheld: the guard answered the rest of the batch but not this image.
                refused();
                rejections++;
                withheld.add(i);
                continue;
            }
            double[][] p = answer.probabilities() == null ? null : new double[][]{answer.probabilities()[i]};
            out[slots[i]] = Answer.answered(new int[]{answer.labels()[i]}, p);
            if (answer.labels()[i] == label) continue;
            double distance = norm.distance(original, chunk.get(i));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = chunk.get(i).clone();
                bestLabel = answer.labels()[i];
            }
            if (firstSuccess == null && distance <= eps + 1e-9) firstSuccess = queries - chunk.size() + i + 1;
        }
        return withheld;
    }

    private void refused() {
        if (firstRefusal == null) firstRefusal = queries;
    }

    private void checkTime() {
        if (budget.wall() != null && ticker.nanos() - start > budget.wall().toNanos()) throw new OracleExhausted(Why.TIME);
    }

    SampleResult result(int index, String stoppedBy) {
        boolean success = firstSuccess != null;
        return new SampleResult(index, label, success, success ? firstSuccess : queries, queries,
                best == null ? null : Vectors.l2(original, best), best == null ? null : Vectors.linf(original, best),
                firstRefusal, rejections, lockouts, accounts.used(), (ticker.nanos() - start) / 1e9, stoppedBy,
                best, best == null ? null : bestLabel, oars == null ? null : oars.scale(), oars == null ? null : oars.largest());
    }
}
