package dev.warden.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.policy.PolicyLoader;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The chain's rules: first enforcing REJECT ends it, observe never blocks, a failing defense fails closed. */
class GuardTest {
    static final ModelMetadata META = new ModelMetadata("m", "1", "test",
            List.of(new TensorSpec("x", DataType.FP32, new long[]{-1, 2})),
            List.of(new TensorSpec("y", DataType.FP32, new long[]{-1, 2})), null, null, null, null, null, null, null);

    static final class CountingModel implements Model {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public ModelMetadata metadata() {
            return META;
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
            calls.incrementAndGet();
            return Map.of("y", Tensor.fp32("y", new long[]{1, 2}, new double[]{0.2, 0.8}));
        }
    }

    record Fixed(String name, Signal before, Signal after, boolean fail) implements Defense {
        @Override
        public Signal beforeModel(Exchange exchange) {
            if (fail) throw new IllegalStateException("boom");
            return before;
        }

        @Override
        public Signal afterModel(Exchange exchange) {
            return after;
        }
    }

    static Query query() {
        return Query.of("m", new Account("a", "scores", false),
                Map.of("x", Tensor.fp32("x", new long[]{1, 2}, new double[]{0, 1})), Instant.EPOCH);
    }

    static Guard guard(CountingModel model, List<Decision> seen, Stage... stages) {
        return new Guard(model, List.of(stages), PolicyLoader.BUILT_IN_TIERS, List.of((ex, d) -> seen.add(d)));
    }

    @Test
    void allowsAndAnswersWhenEveryDefensePasses() {
        CountingModel model = new CountingModel();
        List<Decision> seen = new ArrayList<>();
        Outcome o = guard(model, seen, new Stage(new Fixed("a", null, Signal.pass("a"), false), Mode.ENFORCE)).handle(query());
        assertThat(o.decision().action()).isEqualTo(Action.ALLOW);
        assertThat(o.outputs()).containsKey("y");
        assertThat(model.calls).hasValue(1);
        assertThat(seen).hasSize(1);
    }

    @Test
    void enforcingRejectStopsBeforeTheModel() {
        CountingModel model = new CountingModel();
        List<Decision> seen = new ArrayList<>();
        Outcome o = guard(model, seen,
                new Stage(new Fixed("first", Signal.reject("first", "bad", "no"), null, false), Mode.ENFORCE),
                new Stage(new Fixed("second", Signal.flag("second", 1, "odd", "hm"), null, false), Mode.ENFORCE)).handle(query());
        assertThat(o.decision().action()).isEqualTo(Action.REJECT);
        assertThat(o.decision().reason()).isEqualTo("bad");
        assertThat(o.decision().signals()).hasSize(1);
        assertThat(o.outputs()).isEmpty();
        assertThat(model.calls).hasValue(0);
        assertThat(seen).extracting(Decision::action).containsExactly(Action.REJECT);
    }

    @Test
    void observeModeTurnsARejectIntoAFlagAndStillAnswers() {
        CountingModel model = new CountingModel();
        Outcome o = guard(model, new ArrayList<>(),
                new Stage(new Fixed("watch", Signal.reject("watch", "bad", "no"), null, false), Mode.OBSERVE)).handle(query());
        assertThat(o.decision().action()).isEqualTo(Action.FLAG);
        assertThat(o.decision().reason()).isEqualTo("bad");
        assertThat(o.outputs()).containsKey("y");
    }

    @Test
    void rejectAfterTheModelWithholdsThePrediction() {
        CountingModel model = new CountingModel();
        Outcome o = guard(model, new ArrayList<>(),
                new Stage(new Fixed("post", null, Signal.reject("post", "suspicious_output", "no"), false), Mode.ENFORCE)).handle(query());
        assertThat(model.calls).hasValue(1);
        assertThat(o.decision().action()).isEqualTo(Action.REJECT);
        assertThat(o.outputs()).isEmpty();
    }

    @Test
    void aDefenseThatThrowsFailsClosedWhenEnforcingAndIsIgnoredWhenObserving() {
        CountingModel model = new CountingModel();
        Outcome enforced = guard(model, new ArrayList<>(), new Stage(new Fixed("buggy", null, null, true), Mode.ENFORCE)).handle(query());
        assertThat(enforced.decision().action()).isEqualTo(Action.REJECT);
        assertThat(enforced.decision().reason()).isEqualTo(Guard.DEFENSE_ERROR);
        assertThat(model.calls).hasValue(0);
        Outcome observed = guard(model, new ArrayList<>(), new Stage(new Fixed("buggy", null, null, true), Mode.OBSERVE)).handle(query());
        assertThat(observed.decision().action()).isEqualTo(Action.ALLOW);
    }

    /** Withholds one row of a two-image batch after the model. */
    record Withholding(String name, int row) implements Defense {
        @Override
        public Signal afterModel(Exchange exchange) {
            exchange.withhold(row, name + "_reason");
            return Signal.flag(name, 1, name + "_reason", "row " + row);
        }
    }

    static Query batchOfTwo() {
        return Query.of("m", new Account("a", "scores", false),
                Map.of("x", Tensor.fp32("x", new long[]{2, 2}, new double[]{0, 1, 1, 0})), Instant.EPOCH);
    }

    static final class BatchModel implements Model {
        @Override
        public ModelMetadata metadata() {
            return META;
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
            return Map.of("y", Tensor.fp32("y", new long[]{2, 2}, new double[]{0.2, 0.8, 0.6, 0.4}));
        }
    }

    @Test
    void withheldRowsAreBlankedNamedAndAllWithheldIsARejection() {
        List<Decision> seen = new ArrayList<>();
        Guard one = new Guard(new BatchModel(), List.of(new Stage(new Withholding("w", 1), Mode.ENFORCE)),
                PolicyLoader.BUILT_IN_TIERS, List.of((ex, d) -> seen.add(d)));
        Outcome partial = one.handle(batchOfTwo());
        assertThat(partial.decision().action()).isEqualTo(Action.FLAG);
        assertThat(partial.outputs().get("y").values()).containsExactly(0.2, 0.8, 0, 0);
        assertThat(partial.parameters().get("withheld")).isEqualTo(List.of(Map.of("index", 1, "reason", "w_reason")));

        Guard observed = new Guard(new BatchModel(), List.of(new Stage(new Withholding("w", 1), Mode.OBSERVE)),
                PolicyLoader.BUILT_IN_TIERS, List.of());
        assertThat(observed.handle(batchOfTwo()).parameters()).as("observe mode withholds nothing").doesNotContainKey("withheld");

        Guard both = new Guard(new BatchModel(), List.of(new Stage(new Withholding("a", 0), Mode.ENFORCE),
                new Stage(new Withholding("b", 1), Mode.ENFORCE)), PolicyLoader.BUILT_IN_TIERS, List.of());
        Outcome none = both.handle(batchOfTwo());
        assertThat(none.decision().action()).isEqualTo(Action.REJECT);
        assertThat(none.decision().reason()).isEqualTo("a_reason");
        assertThat(none.outputs()).isEmpty();
    }

    /** Changes everything a hook can change, and rejects. */
    record Meddler(String name) implements Defense {
        @Override
        public Signal beforeModel(Exchange exchange) {
            exchange.replaceInputs(Map.of("x", Tensor.fp32("x", new long[]{1, 2}, new double[]{9, 9})));
            exchange.lowerTier(exchange.tier().withReveal(Reveal.NONE));
            exchange.putResponseParameter("meddled", true);
            return null;
        }

        @Override
        public Signal afterModel(Exchange exchange) {
            exchange.setOutputs(Map.of("y", Tensor.fp32("y", new long[]{1, 2}, new double[]{1, 0})));
            exchange.withhold(0, "meddled");
            return Signal.reject(name, "meddled", "no");
        }

        @Override
        public void respond(Exchange exchange, Decision decision) {
            exchange.reveal(Map.of());
        }
    }

    @Test
    void anObservingStageChangesNothingInTheAnswer() {
        List<Map<String, Tensor>> modelSaw = new ArrayList<>();
        Model model = new Model() {
            @Override
            public ModelMetadata metadata() {
                return META;
            }

            @Override
            public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
                modelSaw.add(inputs);
                return Map.of("y", Tensor.fp32("y", new long[]{1, 2}, new double[]{0.2, 0.8}));
            }
        };
        Outcome o = new Guard(model, List.of(new Stage(new Meddler("meddler"), Mode.OBSERVE)), PolicyLoader.BUILT_IN_TIERS,
                List.of()).handle(query());
        assertThat(modelSaw.get(0).get("x").values()).containsExactly(0, 1);
        assertThat(o.decision().action()).isEqualTo(Action.FLAG);
        assertThat(o.outputs().get("y").values()).containsExactly(0.2, 0.8);
        assertThat(o.parameters()).isEmpty();

        Outcome enforced = new Guard(model, List.of(new Stage(new Meddler("meddler"), Mode.ENFORCE)), PolicyLoader.BUILT_IN_TIERS,
                List.of()).handle(query());
        assertThat(enforced.decision().action()).isEqualTo(Action.REJECT);
        assertThat(modelSaw.get(1).get("x").values()).containsExactly(9, 9);
    }
}
