package dev.warden.assess;

import dev.warden.failures.AffectedModel;
import dev.warden.failures.AttackParams;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.FailureRecorder;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every successful attack of a report in the failure database (paper, section 4.4): the adversarial
 * image as the target's input tensor, the true and the predicted class, and the attack that found it, so
 * that confirming the record makes the {@code known-failure} defense block it.
 */
public final class FailureCapture {
    private final FailureRecorder recorder;
    private final AffectedModel model;
    private final String inputName;
    private final long[] imageShape;
    private final List<String> labels;
    private final String reporter;
    private final PixelUnits units;
    private final dev.warden.tensor.DataType datatype;

    public FailureCapture(FailureRecorder recorder, AffectedModel model, String inputName, long[] imageShape,
                          List<String> labels, String reporter) {
        this(recorder, model, inputName, imageShape, labels, reporter, PixelUnits.UNIT, dev.warden.tensor.DataType.FP32);
    }

    /** {@code units}: how the attacks' [0, 1] images map to the model's input, recorded in its {@code datatype}. */
    public FailureCapture(FailureRecorder recorder, AffectedModel model, String inputName, long[] imageShape,
                          List<String> labels, String reporter, PixelUnits units, dev.warden.tensor.DataType datatype) {
        this.units = units;
        this.datatype = datatype;
        this.recorder = recorder;
        this.model = model;
        this.inputName = inputName;
        this.imageShape = imageShape.clone();
        this.labels = List.copyOf(labels);
        this.reporter = reporter;
    }

    /** Records the successes of the guarded target's runs (not the baseline's); returns the new ids. */
    public List<String> record(Report report) {
        List<String> ids = new ArrayList<>();
        for (RunResult run : report.runs()) {
            for (SampleResult s : run.perSample()) {
                if (!s.success() || s.adversarial() == null) continue;
                AttackParams params = new AttackParams(run.attack(), run.norm().name().toLowerCase(java.util.Locale.ROOT),
                        run.eps(), s.queries(), report.seed());
                ids.add(recorder.record(FailureCaseBuilder.adversarialExample(model, tensor(s.adversarial()), s.label(),
                        label(s.label()), s.adversarialLabel(), label(s.adversarialLabel()), params)
                        .reporter(reporter).build()));
            }
        }
        return ids;
    }

    private Tensor tensor(double[] image) {
        long[] shape = new long[imageShape.length + 1];
        shape[0] = 1;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        return Tensor.numeric(inputName, datatype, shape, units.toModel(image));
    }

    private String label(int c) {
        return c >= 0 && c < labels.size() ? labels.get(c) : Integer.toString(c);
    }
}
