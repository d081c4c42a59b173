package dev.warden.assess;

import dev.warden.assess.attack.UnsupportedTargetException;
import dev.warden.data.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A whole assessment: picks the samples, runs every attack as every adversary model against the target and,
 * when there is one, against the unguarded baseline on the same samples with the same seeds, and writes
 * it all into a {@link Report}. An attack a target cannot serve is recorded as refused, not run.
 */
public final class Assessment {
    /** What to run. {@code eps} gives the radius per attack (null: the attack's default). */
    public record Plan(List<String> attacks, List<Adversary> adversaries, Function<String, Double> eps, Budget budget,
                       long seed, boolean untilBudget, int samples, ThreatModel threatModel) {
        public Plan {
            attacks = List.copyOf(attacks);
            adversaries = List.copyOf(adversaries);
            if (attacks.isEmpty()) throw new IllegalArgumentException("no attack to run");
            if (adversaries.isEmpty()) throw new IllegalArgumentException("no adversary model");
        }
    }

    /** A warming adversary's benign images: at most this many of the data set's images that are not attacked. */
    static final int MAX_BENIGN = 10_000;
    private final Ticker ticker;
    private final Campaign.Listener listener;

    public Assessment(Ticker ticker, Campaign.Listener listener) {
        this.ticker = ticker;
        this.listener = listener;
    }

    public Report run(Target target, Target baseline, Plan plan, Samples data) {
        return run(target, "target", baseline, plan, data);
    }

    /** {@code role} names the target's runs in the report ("target" unless told). */
    public Report run(Target target, String role, Target baseline, Plan plan, Samples data) {
        Instant started = Instant.now();
        SampleSet set = SampleSet.firstCorrect(target, data, plan.samples());
        // Natural images the adversary holds: for the warm-up of fresh accounts, and an adaptive adversary's starts.
        Campaign campaign = new Campaign(ticker, plan.adversaries().stream().anyMatch(a -> a.warmup() > 0 || a.adaptive()) ? benign(data, set) : List.of());
        List<RunResult> runs = new ArrayList<>();
        List<RunResult> baselineRuns = new ArrayList<>();
        List<WorkFactor> factors = new ArrayList<>();
        List<Report.Refusal> refused = new ArrayList<>();
        for (String attack : plan.attacks()) {
            for (Adversary adversary : plan.adversaries()) {
                Campaign.Spec spec = new Campaign.Spec(attack, plan.eps().apply(attack), plan.budget(), adversary,
                        plan.seed(), plan.untilBudget());
                RunResult guarded = runOne(campaign, target, role, spec, set, runs, refused);
                if (baseline == null) continue;
                Adversary capped = adversary.withAccounts(Math.min(adversary.accounts(), baseline.accounts()));
                Campaign.Spec unguarded = new Campaign.Spec(attack, spec.eps(), plan.budget(), capped, plan.seed(), plan.untilBudget());
                RunResult base = runOne(campaign, baseline, "baseline", unguarded, set, baselineRuns, refused);
                if (guarded != null && base != null) factors.add(WorkFactor.of(guarded, base));
            }
        }
        boolean adaptive = plan.adversaries().stream().anyMatch(Adversary::adaptive);
        long setup = target.setupQueries() + (baseline == null ? 0 : baseline.setupQueries());
        return new Report(target.describe(), target.model(), baseline == null ? null : baseline.describe(), started,
                Instant.now(), plan.seed(), setup, set.selectionQueries(),
                set.samples().stream().map(Sample::index).toList(), plan.threatModel(), runs, baselineRuns, factors, refused,
                Mitigation.of(target.policy().orElse(null), adaptive));
    }

    /** The data set's images that are not attacked, from the last one down (far from the attacked ones), at most {@value #MAX_BENIGN}. */
    private static List<double[]> benign(Samples data, SampleSet set) {
        java.util.Set<Integer> attacked = new java.util.HashSet<>(set.samples().stream().map(Sample::index).toList());
        List<double[]> out = new ArrayList<>();
        for (int i = data.count() - 1; i >= 0 && out.size() < MAX_BENIGN; i--) if (!attacked.contains(i)) out.add(data.image(i));
        return out;
    }

    private RunResult runOne(Campaign campaign, Target target, String role, Campaign.Spec spec, SampleSet set, List<RunResult> into,
                             List<Report.Refusal> refused) {
        try {
            RunResult result = campaign.run(target, role, spec, set.samples(), listener);
            into.add(result);
            return result;
        } catch (UnsupportedTargetException e) {
            if (refused.stream().noneMatch(r -> r.attack().equals(spec.attack()) && r.target().equals(role))) {
                refused.add(new Report.Refusal(spec.attack(), role, e.getMessage()));
            }
            return null;
        }
    }
}
