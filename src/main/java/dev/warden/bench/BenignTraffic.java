package dev.warden.bench;

import dev.warden.data.LabeledImages;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Guard;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.guard.Signal;
import dev.warden.guard.Verdict;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Honest traffic through a policy's guard, on a simulated clock: {@code accounts} accounts each send
 * {@code imagesPerAccount} distinct images, one per request, at {@code rate} per second with jittered gaps
 * ({@code gap = 1/rate x (1 + jitter x U(-1, 1))}), interleaved by arrival time as a server would see them.
 * Every image is sent once by one account (distinct images, no retries). Time is the guard's injected clock,
 * so a 10-minute window of 20 queries a second runs as fast as the model does, and windows, buffers and bans
 * expire as they would in real time. What each query got is counted: answered, refused as an attack (a
 * detector's REJECT), emptied (the degradation step's refusal, or images of a batch withheld), locked out
 * (429), answered below the account's tier (a lockout's degradation or warm-up: the label instead of scores), and which
 * detector's signal was behind each strike.
 */
public final class BenignTraffic {
    /** One traffic shape. */
    public record Scenario(String name, int accounts, int imagesPerAccount, double rate, double jitter, String tier) {
        public Scenario {
            if (accounts < 1) throw new IllegalArgumentException("--accounts must be >= 1");
            if (imagesPerAccount < 1) throw new IllegalArgumentException("--images must be >= 1");
            if (!(rate > 0)) throw new IllegalArgumentException("--rate must be > 0");
            if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("--jitter must be between 0 and 1");
        }

        public int total() {
            return accounts * imagesPerAccount;
        }
    }

    /** What the honest clients got; every map is keyed by the defense whose signal was the cause. */
    public record Result(Scenario scenario, int queries, int answered, int correct, Map<String, Integer> refusedAsAttack,
                         int emptied, int lockedOut, Map<String, Integer> flaggedAnswered, Map<String, Integer> strikeCauses,
                         int accountsHurt, int accountsBanned, double simulatedSeconds, int restricted) {
        /**
         * Refused as an attack, emptied or locked out: the measure. Refusals by {@code ood} are not in it:
         * they refuse an input as unlike the training data, at the rate the policy calibrated, not the client.
         */
        public int hurt() {
            int attack = refusedAsAttack.entrySet().stream().filter(e -> !e.getKey().equals("ood")).mapToInt(Map.Entry::getValue).sum();
            return attack + emptied + lockedOut;
        }

        public double hurtShare() {
            return queries == 0 ? 0 : (double) hurt() / queries;
        }
    }

    private BenignTraffic() {
    }

    /** Image indices {@code from .. to-1} in a seeded random order (Fisher-Yates). */
    public static int[] order(int from, int to, long seed) {
        int[] order = new int[to - from];
        for (int i = 0; i < order.length; i++) order[i] = from + i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Runs {@code scenario} through a fresh guard of {@code policyFile} (empty state), on images
     * {@code images.image(order[i])}. Accounts are {@code benign<i>} with the scenario's tier.
     */
    public static Result run(Path policyFile, Scenario scenario, LabeledImages images, int[] order, long seed) {
        if (order.length < scenario.total()) {
            throw new IllegalArgumentException("the scenario sends " + scenario.total() + " distinct images, only " + order.length + " available");
        }
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PolicyBench bench = new PolicyBench(policyFile, null, clock)) {
            if (!bench.policy().tiers().containsKey(scenario.tier())) {
                throw new IllegalArgumentException("policy " + policyFile + " has no tier '" + scenario.tier() + "' (it has " + bench.policy().tiers().keySet() + ")");
            }
            Guard guard = bench.guard();
            TensorSpec input = bench.model().metadata().inputs().get(0);
            long[] shape = input.shape().clone();
            shape[0] = 1;
            String model = bench.model().metadata().name();
            SplittableRandom random = new SplittableRandom(seed);
            record Next(double at, int account, int sent) {
            }
            PriorityQueue<Next> queue = new PriorityQueue<>((a, b) -> Double.compare(a.at, b.at));
            for (int a = 0; a < scenario.accounts(); a++) queue.add(new Next(random.nextDouble() / scenario.rate(), a, 0));
            List<Account> accounts = new ArrayList<>();
            for (int a = 0; a < scenario.accounts(); a++) accounts.add(new Account("benign" + a, scenario.tier(), false));
            Map<String, Integer> refused = new TreeMap<>();
            Map<String, Integer> flagged = new TreeMap<>();
            Map<String, Integer> strikes = new TreeMap<>();
            boolean[] hurt = new boolean[scenario.accounts()];
            boolean[] banned = new boolean[scenario.accounts()];
            int answered = 0, correct = 0, emptied = 0, lockedOut = 0, queries = 0, restricted = 0;
            boolean scores = bench.policy().tiers().get(scenario.tier()).reveal() == dev.warden.guard.Reveal.SCORES;
            double last = 0;
            while (!queue.isEmpty()) {
                Next n = queue.poll();
                last = n.at;
                clock.set(Instant.parse("2026-01-01T00:00:00Z").plusNanos((long) (n.at * 1e9)));
                int img = order[n.account * scenario.imagesPerAccount() + n.sent];
                Tensor x = Tensor.fp32(input.name(), shape, images.image(img));
                Outcome outcome = guard.handle(Query.of(model, accounts.get(n.account), Map.of(input.name(), x), clock.instant()));
                queries++;
                Action action = outcome.decision().action();
                String cause = cause(outcome.decision().signals());
                if (cause != null) strikes.merge(cause, 1, Integer::sum);
                boolean bad = true;
                if (action == Action.LOCKOUT) {
                    lockedOut++;
                    banned[n.account] = true;
                } else if (action == Action.REJECT && Guard.DEGRADED.equals(outcome.decision().reason())) {
                    emptied++;
                } else if (action == Action.REJECT || action == Action.INVALID) {
                    refused.merge(outcome.decision().defense(), 1, Integer::sum);
                } else if (outcome.outputs().isEmpty() || !dev.warden.oip.ImageQueries.withheldRows(outcome.parameters()).isEmpty()) {
                    emptied++;
                } else {
                    bad = false;
                    answered++;
                    if (cause != null) flagged.merge(cause, 1, Integer::sum);
                    if (predicted(outcome, bench) == images.label(img)) correct++;
                    if (scores && !outcome.outputs().containsKey(bench.model().metadata().scoresOutputOrFirst())) restricted++;
                }
                if (bad && !(action == Action.REJECT && "ood".equals(outcome.decision().defense()))) hurt[n.account] = true;
                if (n.sent + 1 < scenario.imagesPerAccount()) {
                    double gap = (1 + scenario.jitter() * (2 * random.nextDouble() - 1)) / scenario.rate();
                    queue.add(new Next(n.at + gap, n.account, n.sent + 1));
                }
            }
            int accountsHurt = 0, accountsBanned = 0;
            for (int a = 0; a < scenario.accounts(); a++) {
                if (hurt[a]) accountsHurt++;
                if (banned[a]) accountsBanned++;
            }
            return new Result(scenario, queries, answered, correct, refused, emptied, lockedOut, flagged, strikes,
                    accountsHurt, accountsBanned, last, restricted);
        }
    }

    /** The first non-passing detector signal of a decision (what the lockout counts as a strike), or null. */
    private static String cause(List<Signal> signals) {
        for (Signal s : signals) {
            if (s.verdict() != Verdict.PASS && !s.defense().equals("lockout")) return s.defense();
        }
        return null;
    }

    private static int predicted(Outcome outcome, PolicyBench bench) {
        // The label and top-k tiers answer a class tensor (hardened); the scores tier the model's scores output.
        Tensor t = outcome.outputs().get("class");
        if (t == null) t = outcome.outputs().get(bench.model().metadata().scoresOutputOrFirst());
        if (t == null || !t.isNumeric()) return -1;
        double[] v = t.values();
        if (t.datatype() == dev.warden.tensor.DataType.INT64) return (int) v[0];
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    /** A settable clock: the simulation moves it to each query's arrival. */
    static final class SimulatedClock extends java.time.Clock {
        private volatile Instant now;

        SimulatedClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
