package dev.warden.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What counts as a failure. MISCLASSIFICATION: the local model's class differs from the seed's label.
 * DISAGREEMENT: the policy's models disagree on the input (DeepXplore's differential oracle). NAN: an output
 * holds NaN or infinity. BYPASS: every defense of the policy let the input through (answered, not flagged)
 * and the answer is wrong.
 */
public enum Oracle {
    MISCLASSIFICATION, DISAGREEMENT, NAN, BYPASS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Oracle parse(String name) {
        for (Oracle o : values()) if (o.wire().equals(name.trim().toLowerCase(Locale.ROOT))) return o;
        throw new IllegalArgumentException("unknown oracle '" + name + "' (known: misclassification, disagreement, nan, bypass)");
    }

    public static List<Oracle> parseAll(List<String> names) {
        List<Oracle> out = new ArrayList<>();
        for (String n : names) {
            Oracle o = parse(n);
            if (!out.contains(o)) out.add(o);
        }
        return out;
    }
}
