package dev.warden.update;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseRegistry;
import dev.warden.guard.Decision;
import dev.warden.guard.DecisionListener;
import dev.warden.guard.Exchange;
import dev.warden.guard.Guard;
import dev.warden.model.Model;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import dev.warden.state.MemoryStateStore;
import dev.warden.state.StateStore;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A guard built like a route's, from the same chain and calibration, but with a state store of its own and no
 * decision log: replaying failures and mirroring shadow traffic through it measures what the version's guard
 * would decide without touching the live fingerprints, strikes or bans. It remembers the class the model
 * predicted for the last query it handled on the calling thread (the raw scores, before any tier shaping).
 */
final class ScratchGuard {
    private final Guard guard;
    private final ThreadLocal<int[]> predicted = new ThreadLocal<>();

    private ScratchGuard(Guard guard) {
        this.guard = guard;
    }

    /** {@code entry} is the route's model entry in {@code policy} (whose {@code forRoute} view builds its chain). */
    static ScratchGuard build(DefenseRegistry registry, Policy policy, ModelConfig entry, Model model, Map<String, Model> byName, Clock clock) {
        Policy view = policy.forRoute(entry);
        StateStore scratch = MemoryStateStore.ephemeral(clock);
        DefenseContext context = new DefenseContext(model.metadata(), byName, view, clock, new SimpleMeterRegistry(), scratch, entry.name());
        ScratchGuard[] self = new ScratchGuard[1];
        DecisionListener capture = (Exchange exchange, Decision decision) -> self[0].capture(exchange);
        List<DecisionListener> listeners = new ArrayList<>(List.of(capture));
        self[0] = new ScratchGuard(new Guard(model, registry.build(view, context), policy.tiers(), listeners));
        return self[0];
    }

    Guard guard() {
        return guard;
    }

    private void capture(Exchange exchange) {
        predicted.set(classes(exchange));
    }

    /** The class the model predicted for each image of an exchange (raw scores), or null when the model did not run. */
    static int[] classes(Exchange exchange) {
        String scores = exchange.model().scoresOutput();
        Tensor t = scores == null || exchange.outputs() == null ? null : exchange.outputs().get(scores);
        if (t == null || !t.isNumeric()) return null;
        int rows = (int) Math.max(1, t.batchSize());
        int width = t.size() / rows;
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) out[r] = Softmax.argmax(t.values(), r, width);
        return out;
    }

    /** The classes the model predicted for the last query this thread handled, or null (refused before the model). */
    int[] lastPredicted() {
        int[] p = predicted.get();
        predicted.remove();
        return p;
    }
}
