package dev.warden.assess;

import dev.warden.assess.attack.Attack;
import dev.warden.assess.attack.Attacks;
import dev.warden.assess.attack.OracleExhausted;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs one attack, as one adversary model, against every sample of a target and sums it up. Each sample
 * gets its own random streams derived from the seed and the sample's index, so a run is repeatable and a
 * sample's queries do not depend on the samples before it.
 */
public final class Campaign {
    /** What to run: the attack, its success radius (null: the attack's default), budget and adversary. */
    public record Spec(String attack, Double eps, Budget budget, Adversary adversary, long seed, boolean untilBudget) {
        public Spec {
            attack = Attacks.canonical(attack);
            if (eps != null && !(eps > 0)) throw new IllegalArgumentException("eps must be > 0");
        }

        public double radius() {
            return eps != null ? eps : Attacks.defaultEps(attack);
        }
    }

    /** Told about each sample as it finishes, to show progress. */
    public interface Listener {
        void sampleDone(Spec spec, String target, int done, int total, SampleResult result);
    }

    private final Ticker ticker;
    private final List<double[]> benign;

    public Campaign(Ticker ticker) {
        this(ticker, List.of());
    }

    /** {@code benign}: images a warming adversary ({@link Adversary#warmup()}) sends from each account before attacking. */
    public Campaign(Ticker ticker, List<double[]> benign) {
        this.ticker = ticker;
        this.benign = List.copyOf(benign);
    }

    /** Refused (UnsupportedTargetException) before any query when the target cannot give what the attack needs. */
    public RunResult run(Target target, String targetRole, Spec spec, List<Sample> samples, Listener listener) {
        if (spec.adversary().accounts() > target.accounts()) {
            throw new IllegalArgumentException(spec.adversary().accounts() + " accounts asked for, but the target offers "
                    + target.accounts() + (target instanceof HttpTarget ? " (give one --api-key per account)" : ""));
        }
        Attack attack = Attacks.create(spec.attack(), spec.radius(), spec.budget().queries(), target.reveals());
        long start = ticker.nanos();
        List<SampleResult> results = new ArrayList<>();
        for (Sample sample : samples) {
            long mixed = spec.seed() * 0x9E3779B97F4A7C15L + sample.index();
            QuerySession session = new QuerySession(target, sample.image(), sample.label(), attack.norm(), spec.radius(),
                    spec.budget(), spec.adversary(), !spec.untilBudget(), ticker, new SplittableRandom(~mixed), benign);
            String stoppedBy = "finished";
            try {
                attack.run(session, new SplittableRandom(mixed));
            } catch (OracleExhausted e) {
                stoppedBy = e.getMessage();
            }
            SampleResult result = session.result(sample.index(), stoppedBy);
            results.add(result);
            if (listener != null) listener.sampleDone(spec, targetRole, results.size(), samples.size(), result);
        }
        return RunResult.of(spec.attack(), targetRole, attack.norm(), spec.radius(), spec.adversary(),
                spec.budget().queries(), results, (ticker.nanos() - start) / 1e9);
    }
}
