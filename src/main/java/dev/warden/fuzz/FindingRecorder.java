package dev.warden.fuzz;

import dev.warden.failures.AffectedModel;
import dev.warden.failures.AttackParams;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureRecorder;
import dev.warden.failures.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a run's findings in the failure database as candidate cases (status new) with their input as
 * evidence, as {@code assess --record-failures} records successful attacks: confirming one makes running
 * servers' {@code known-failure} defense refuse it and its near-copies. The attack parameters name the
 * strategy and carry the random seed; the description carries the seed index and mutation chain.
 */
public final class FindingRecorder {
    private final FailureRecorder recorder;
    private final AffectedModel model;
    private final List<String> labels;

    public FindingRecorder(FailureRecorder recorder, AffectedModel model, List<String> labels) {
        this.recorder = recorder;
        this.model = model;
        this.labels = List.copyOf(labels);
    }

    public List<String> record(List<Finding> findings) {
        List<String> ids = new ArrayList<>();
        for (Finding f : findings) {
            AttackParams params = new AttackParams("fuzz-" + f.strategy(), null, null, f.foundAtQuery(), f.randomSeed());
            FailureCaseBuilder b = FailureCaseBuilder.adversarialExample(model, f.input(), f.expectedLabel(), label(f.expectedLabel()),
                    f.observedLabel(), label(f.observedLabel()), params)
                    .title("Fuzzing (" + f.oracle().wire() + "): " + label(f.expectedLabel()) + " seen as " + label(f.observedLabel())
                            + " after " + String.join(", ", f.mutationKinds()))
                    .description("warden fuzz found this " + f.oracle().wire() + " failure of " + model.name() + ": seed input "
                            + f.seedIndex() + " with the mutations " + f.mutations() + " (random seed " + f.randomSeed() + ")"
                            + (f.detail() == null ? "." : "; " + f.detail() + "."))
                    .reporter("warden fuzz");
            if (f.oracle() == Oracle.NAN) b.failureClass(FailureClass.OTHER).severity(Severity.MEDIUM);
            ids.add(recorder.record(b.build()));
        }
        return ids;
    }

    private String label(int c) {
        return c >= 0 && c < labels.size() ? labels.get(c) : Integer.toString(c);
    }
}
