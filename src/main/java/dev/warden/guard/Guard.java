package dev.warden.guard;

import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered chain of defenses around one protected model, in the manner of Envoy's filter chain: every
 * stage sees the query before the model, then the prediction after it; the first enforcing REJECT ends the
 * chain; FLAGs accumulate. The guard then decides, shapes the answer to the account's tier (always, whatever
 * the stages: {@link TierView}), lets the enforcing defenses shape it further, and tells every defense and
 * listener the decision. A per-image defense may instead withhold single images of a batch
 * ({@link Exchange#withhold}): the rest is answered, flagged (all withheld: rejected). A defense that throws
 * is a bug, not an attack: the query fails closed (REJECT, reason {@code defense_error}) for an enforcing stage
 * and is ignored in observe mode.
 *
 * <p>Observe mode is the chain's, not each defense's: whatever an observing stage's hooks change (inputs,
 * outputs, tier, withheld rows, response parameters) is undone, its REJECT counts as a FLAG, and its
 * {@code respond} is not called; it still sees every decision, so that its state measures what it would do.
 */
public final class Guard {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    public static final String DEFENSE_ERROR = "defense_error";
    /** The response parameter that carries decision details for tiers with {@code decisionDetails}. */
    public static final String DETAILS_PARAMETER = "warden";
    /** The name decisions the guard itself makes carry as their defense. */
    public static final String GUARD = "guard";
    public static final String UNKNOWN_OUTPUT = "unknown_output";
    public static final String DEGRADED = "degraded";
    public static final String NOTHING_TO_REVEAL = "nothing_to_reveal";

    private final Model model;
    private final List<Stage> stages;
    private final Map<String, Tier> tiers;
    private final List<DecisionListener> listeners;
    private final Set<String> observing;
    private final StageTimer timer;
    /** Whether hooks are timed at all: without a timer the guard reads no clock. */
    private final boolean timed;
    /** Recorders for the model name queries last came with (a guard serves one, so it is resolved once). */
    private volatile StageRecorders recorders;

    public Guard(Model model, List<Stage> stages, Map<String, Tier> tiers, List<DecisionListener> listeners) {
        this(model, stages, tiers, listeners, StageTimer.NONE);
    }

    public Guard(Model model, List<Stage> stages, Map<String, Tier> tiers, List<DecisionListener> listeners, StageTimer timer) {
        this.timer = Objects.requireNonNull(timer, "timer");
        this.timed = timer != StageTimer.NONE;
        this.model = Objects.requireNonNull(model, "model");
        this.stages = List.copyOf(stages);
        this.tiers = Map.copyOf(tiers);
        this.listeners = List.copyOf(listeners);
        Set<String> observed = new java.util.HashSet<>();
        for (Stage s : this.stages) if (!s.enforcing()) observed.add(s.defense().name());
        this.observing = Set.copyOf(observed);
    }

    public Model model() {
        return model;
    }

    public List<Stage> stages() {
        return stages;
    }

    public Outcome handle(Query query) {
        Tier tier = tiers.get(query.account().tier());
        if (tier == null) throw new IllegalArgumentException("account " + query.account().id() + " has unknown tier " + query.account().tier());
        Exchange exchange = new Exchange(query, model.metadata(), tier, observing);
        StageRecorders recorders = timed ? recorders(query.model()) : null;
        Decision decision = run(exchange, true, recorders);
        if (decision == null) decision = unknownOutputs(exchange, tier);
        if (decision == null) {
            long start = timed ? System.nanoTime() : 0;
            exchange.setOutputs(model.infer(exchange.inputs()));
            if (timed) recorders.infer.record(System.nanoTime() - start);
            decision = run(exchange, false, recorders);
        }
        if (decision == null && withholdsEveryImage(exchange)) {
            Signal first = firstFlagSignal(exchange);
            decision = new Decision(Action.REJECT, exchange.withheld().values().iterator().next(),
                    "every image of the batch was withheld (" + first.message() + ")", first.defense(), exchange.signals(), null);
        }
        if (decision == null) {
            Signal flag = firstFlagSignal(exchange);
            decision = flag != null ? new Decision(Action.FLAG, flag.reason(), flag.message(), flag.defense(), exchange.signals(), null)
                    : Decision.allow(exchange.signals());
            shapeResponse(exchange, decision);
            if (exchange.revealed().isEmpty()) decision = nothingToReveal(exchange, tier);
        }
        Outcome outcome = new Outcome(decision, decision.answered() ? exchange.revealed() : Map.of(),
                exchange.responseParameters().isEmpty() ? Map.of() : new LinkedHashMap<>(exchange.responseParameters()));
        notifyDecision(exchange, decision);
        return outcome;
    }

    private StageRecorders recorders(String modelName) {
        StageRecorders r = recorders;
        if (r == null || !r.model.equals(modelName)) {
            r = new StageRecorders(timer, modelName, stages);
            recorders = r;
        }
        return r;
    }

    /** Defenses that each withheld some images may together have withheld all: then nothing is answered. */
    private static boolean withholdsEveryImage(Exchange exchange) {
        if (!exchange.withholds()) return false;
        long batch = 1;
        for (Tensor t : exchange.inputs().values()) batch = Math.max(batch, t.batchSize());
        return exchange.withheld().size() >= batch;
    }

    /** Every stage's hook on one side of the model, in chain order, until the first decision. */
    private Decision run(Exchange exchange, boolean before, StageRecorders recorders) {
        for (int i = 0; i < stages.size(); i++) {
            Decision d = apply(exchange, stages.get(i), before, recorders == null ? null : before ? recorders.before[i] : recorders.after[i]);
            if (d != null) return d;
        }
        return null;
    }

    private Decision apply(Exchange exchange, Stage stage, boolean before, StageTimer.Recorder recorder) {
        Defense defense = stage.defense();
        Signal signal;
        Exchange.Mark mark = stage.enforcing() ? null : exchange.mark();
        long start = recorder == null ? 0 : System.nanoTime();
        try {
            signal = before ? defense.beforeModel(exchange) : defense.afterModel(exchange);
            if (recorder != null) recorder.record(System.nanoTime() - start);
        } catch (RuntimeException e) {
            LOG.error("defense {} failed on query to {}: {}", defense.name(), exchange.query().model(), e.toString(), e);
            if (!stage.enforcing()) {
                exchange.restore(mark);
                return null;
            }
            signal = Signal.reject(defense.name(), DEFENSE_ERROR, "defense " + defense.name() + " failed");
        }
        if (mark != null) exchange.restore(mark);
        if (signal == null) return null;
        if (signal.verdict() == Verdict.REJECT && !stage.enforcing()) {
            signal = Signal.flag(signal.defense(), signal.score(), signal.reason(), signal.message());
        }
        exchange.addSignal(signal);
        if (signal.verdict() == Verdict.REJECT) {
            Action action = defense.rejectAction();
            return new Decision(action, signal.reason(), signal.message(), defense.name(), exchange.signals(),
                    action == Action.LOCKOUT ? exchange.retryAfter() : null);
        }
        return null;
    }

    /** The first FLAG among the signals so far, or null. */
    private static Signal firstFlagSignal(Exchange exchange) {
        for (Signal s : exchange.signals()) if (s.verdict() == Verdict.FLAG) return s;
        return null;
    }

    private void shapeResponse(Exchange exchange, Decision decision) {
        try {
            exchange.reveal(TierView.shape(exchange.tier(), exchange.model(), exchange.outputs()));
        } catch (RuntimeException e) {
            // A tier that cannot be applied must not leak the unshaped prediction.
            LOG.error("tier {} cannot be applied to model {}: {}", exchange.tier().reveal(), exchange.model().name(), e.toString());
            exchange.reveal(Map.of());
        }
        if (exchange.tier().decisionDetails()) exchange.putResponseParameter(DETAILS_PARAMETER, TierView.details(decision));
        for (Stage stage : stages) {
            if (!stage.enforcing()) continue;
            try {
                stage.defense().respond(exchange, decision);
            } catch (RuntimeException e) {
                // Hardening that fails must not leak the unhardened prediction.
                LOG.error("defense {} failed shaping the response: {}", stage.defense().name(), e.toString(), e);
                exchange.reveal(Map.of());
            }
        }
        if (!exchange.query().requestedOutputs().isEmpty()) exchange.reveal(requested(exchange));
        if (exchange.withholds()) WithheldRows.apply(exchange);
    }

    /** The outputs {@code tier} receives from {@code model}, as model metadata lists them. */
    public static List<TensorSpec> outputsFor(Tier tier, ModelMetadata model) {
        return TierView.outputs(tier, model);
    }

    /** An {@code outputs} filter may name only what the account's tier receives: else 400, naming both. */
    private static Decision unknownOutputs(Exchange exchange, Tier granted) {
        if (exchange.query().requestedOutputs().isEmpty()) return null;
        List<String> given = TierView.outputs(granted, exchange.model()).stream().map(TensorSpec::name).toList();
        for (String name : exchange.query().requestedOutputs()) {
            if (given.contains(name)) continue;
            String message = "output '" + name + "' is not given to this account's tier (" + granted.reveal().name().toLowerCase(Locale.ROOT)
                    + "); it gives " + (given.isEmpty() ? "no outputs" : String.join(", ", given));
            return new Decision(Action.INVALID, UNKNOWN_OUTPUT, message, GUARD, exchange.signals(), null);
        }
        return null;
    }

    /**
     * An answer with no outputs is a refusal, never a 200 with {@code "outputs": []}: either the tier reveals
     * nothing, or a defense (the lockout's degrade step) lowered this account's view to nothing on purpose.
     */
    private static Decision nothingToReveal(Exchange exchange, Tier granted) {
        if (exchange.tier().reveal() != granted.reveal()) {
            return new Decision(Action.REJECT, DEGRADED, "answers to this account are withheld for now: its recent queries "
                    + "were suspicious", GUARD, exchange.signals(), null);
        }
        return new Decision(Action.REJECT, NOTHING_TO_REVEAL, "this account's tier (" + granted.reveal().name().toLowerCase(Locale.ROOT)
                + ") reveals no outputs of model " + exchange.model().name(), GUARD, exchange.signals(), null);
    }

    private static Map<String, Tensor> requested(Exchange exchange) {
        Map<String, Tensor> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : exchange.revealed().entrySet()) {
            if (exchange.query().requestedOutputs().contains(e.getKey())) kept.put(e.getKey(), e.getValue());
        }
        // A hardened tier renames outputs (label, probability); a filter naming none of them keeps them all.
        return kept.isEmpty() ? exchange.revealed() : kept;
    }

    private void notifyDecision(Exchange exchange, Decision decision) {
        for (Stage stage : stages) {
            try {
                stage.defense().onDecision(exchange, decision);
            } catch (RuntimeException e) {
                LOG.error("defense {} failed observing a decision: {}", stage.defense().name(), e.toString(), e);
            }
        }
        for (DecisionListener listener : listeners) {
            try {
                listener.onDecision(exchange, decision);
            } catch (RuntimeException e) {
                LOG.error("decision listener failed: {}", e.toString(), e);
            }
        }
    }
}
