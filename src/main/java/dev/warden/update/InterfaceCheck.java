package dev.warden.update;

import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A candidate must take the serving version's inputs and give its outputs with the same labels in the same
 * order: clients and downstream thresholds rely on them, and a permuted label list would silently swap the
 * classes clients see. Each mismatch is named.
 */
final class InterfaceCheck {
    private InterfaceCheck() {
    }

    /** The mismatches, empty when the candidate fits. */
    static List<String> mismatches(ModelMetadata serving, ModelMetadata candidate) {
        List<String> out = new ArrayList<>();
        compare("input", serving.inputs(), candidate.inputs(), out);
        compare("output", serving.outputs(), candidate.outputs(), out);
        List<String> a = serving.labels();
        List<String> b = candidate.labels();
        if (a.size() != b.size()) {
            out.add("labels: the serving version has " + a.size() + " classes, the candidate " + b.size());
        } else {
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    out.add("labels: class " + i + " is '" + a.get(i) + "' on the serving version and '" + b.get(i) + "' on the candidate");
                    break;
                }
            }
        }
        if (!Objects.equals(serving.scoresOutput(), candidate.scoresOutput())) {
            out.add("scores output: '" + serving.scoresOutput() + "' on the serving version, '" + candidate.scoresOutput() + "' on the candidate");
        }
        if (!Objects.equals(serving.inputRange(), candidate.inputRange())) {
            out.add("input range: " + serving.inputRange() + " on the serving version, " + candidate.inputRange() + " on the candidate");
        }
        return out;
    }

    private static void compare(String kind, List<TensorSpec> serving, List<TensorSpec> candidate, List<String> out) {
        for (TensorSpec s : serving) {
            TensorSpec c = candidate.stream().filter(t -> t.name().equals(s.name())).findFirst().orElse(null);
            if (c == null) out.add(kind + " '" + s.name() + "': the candidate has no such " + kind);
            else if (!c.equals(s)) out.add(kind + " '" + s.name() + "': " + s + " on the serving version, " + c + " on the candidate");
        }
        for (TensorSpec c : candidate) {
            if (kind.equals("input") && serving.stream().noneMatch(s -> s.name().equals(c.name()))) {
                out.add("input '" + c.name() + "': the candidate needs an input the serving version does not take");
            }
        }
    }
}
