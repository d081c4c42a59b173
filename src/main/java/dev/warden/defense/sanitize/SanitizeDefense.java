package dev.warden.defense.sanitize;

import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strips what an input may carry beyond its content before the model sees it (paper, section 4.1: inputs
 * are "stripped of elements that may trigger a flaw"): bit-depth reduction, median smoothing and JPEG
 * re-encoding of the image input. It replaces the input and passes with the mean absolute change as the
 * signal's score; in observe mode the chain undoes the replacement, so the model sees the original and the
 * score measures what enforcing would change.
 */
public final class SanitizeDefense implements Defense {
    public static final String NAME = "sanitize";
    private final Sanitizer sanitizer;
    private final String input;

    SanitizeDefense(Sanitizer sanitizer, String input) {
        this.sanitizer = sanitizer;
        this.input = input;
    }

    @Override
    public String name() {
        return NAME;
    }

    public Sanitizer sanitizer() {
        return sanitizer;
    }

    @Override
    public Signal beforeModel(Exchange exchange) {
        Tensor t = exchange.inputs().get(input);
        if (t == null) return null;
        Tensor clean = sanitizer.apply(t);
        Map<String, Tensor> inputs = new LinkedHashMap<>(exchange.inputs());
        inputs.put(input, clean);
        exchange.replaceInputs(inputs);
        double[] a = t.values();
        double[] b = clean.values();
        double change = 0;
        for (int i = 0; i < a.length; i++) change += Math.abs(a[i] - b[i]);
        return new Signal(NAME, dev.warden.guard.Verdict.PASS, change / Math.max(1, a.length), null, null);
    }
}
