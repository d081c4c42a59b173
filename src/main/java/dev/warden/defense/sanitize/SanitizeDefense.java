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
 * re-encoding of the image input. Enforcing, it replaces the input; observing, it only measures how much it
 * would change it (mean absolute change as the signal's score) and the model sees the original.
 */
public final class SanitizeDefense implements Defense {
    public static final String NAME = "sanitize";
    private final Sanitizer sanitizer;
    private final String input;
    private final boolean apply;

    SanitizeDefense(Sanitizer sanitizer, String input, boolean apply) {
        this.sanitizer = sanitizer;
        this.input = input;
        this.apply = apply;
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
        if (apply) {
            Map<String, Tensor> inputs = new LinkedHashMap<>(exchange.inputs());
            inputs.put(input, clean);
            exchange.replaceInputs(inputs);
            return null;
        }
        double[] a = t.values();
        double[] b = clean.values();
        double change = 0;
        for (int i = 0; i < a.length; i++) change += Math.abs(a[i] - b[i]);
        return new Signal(NAME, dev.warden.guard.Verdict.PASS, change / Math.max(1, a.length), null, null);
    }
}
