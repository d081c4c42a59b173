package dev.warden.assess;

import dev.warden.guard.Reveal;
import dev.warden.model.ScoresKind;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.util.Collection;
import java.util.Set;

/**
 * Reads what a response reveals into labels and class probabilities: full scores (logits are turned into
 * probabilities), the top-k probabilities of a hardened response (the mass left over is spread evenly over
 * the classes not shown), or the top label only. An answer that reveals neither (a lockout degrading a
 * suspicious account's answers to nothing) tells the attack as little as a refusal, and counts as one.
 */
final class Predictions {
    static final String WITHHELD = "withheld";
    private Predictions() {
    }

    static Reveal revealOf(Collection<Tensor> outputs, String scoresName, int classes) {
        if (find(outputs, "probability") != null) return Reveal.TOPK;
        if (scores(outputs, scoresName, classes) != null) return Reveal.SCORES;
        if (find(outputs, "class") != null) return Reveal.LABEL;
        return Reveal.NONE;
    }

    static Answer decode(Collection<Tensor> outputs, String scoresName, ScoresKind kind, int classes, int count) {
        return decode(outputs, scoresName, kind, classes, count, Set.of());
    }

    /**
     * {@code kind} null: guessed from the values (rows in [0, 1] that sum to 1 are probabilities). Images in
     * {@code withheld} (the guard answered the rest of their batch) get label -1 and no probabilities.
     */
    static Answer decode(Collection<Tensor> outputs, String scoresName, ScoresKind kind, int classes, int count, Set<Integer> withheld) {
        Tensor scores = scores(outputs, scoresName, classes);
        Tensor probability = find(outputs, "probability");
        Tensor cls = find(outputs, "class");
        Answer answer;
        if (probability != null && cls != null) {
            answer = topK(cls, probability, classes, count, withheld);
        } else if (scores != null) {
            answer = full(scores.values(), kind, classes, count);
        } else if (cls != null) {
            int[] labels = new int[count];
            int perRow = cls.size() / count;
            for (int i = 0; i < count; i++) labels[i] = (int) cls.values()[i * perRow];
            answer = Answer.answered(labels, null);
        } else {
            return Answer.rejected(WITHHELD);
        }
        for (int row : withheld) {
            if (row < 0 || row >= count) continue;
            answer.labels()[row] = -1;
            if (answer.probabilities() != null) answer.probabilities()[row] = null;
        }
        return answer;
    }

    private static Answer full(double[] values, ScoresKind kind, int classes, int count) {
        boolean probabilities = kind != null ? kind == ScoresKind.PROBABILITIES : looksLikeProbabilities(values, classes);
        double[] p = probabilities ? values : Softmax.rows(values, classes);
        int[] labels = new int[count];
        double[][] rows = new double[count][classes];
        for (int i = 0; i < count; i++) {
            System.arraycopy(p, i * classes, rows[i], 0, classes);
            labels[i] = Softmax.argmax(values, i, classes);
        }
        return Answer.answered(labels, rows);
    }

    private static Answer topK(Tensor cls, Tensor probability, int classes, int count, Set<Integer> withheld) {
        int k = cls.size() / count;
        int[] labels = new int[count];
        double[][] rows = new double[count][classes];
        for (int i = 0; i < count; i++) {
            if (withheld.contains(i)) continue;
            double shown = 0;
            boolean[] known = new boolean[classes];
            for (int j = 0; j < k; j++) {
                int c = (int) cls.values()[i * k + j];
                rows[i][c] = probability.values()[i * k + j];
                known[c] = true;
                shown += rows[i][c];
            }
            double rest = classes > k ? Math.max(0, 1 - shown) / (classes - k) : 0;
            for (int c = 0; c < classes; c++) if (!known[c]) rows[i][c] = rest;
            labels[i] = (int) cls.values()[i * k];
        }
        return Answer.answered(labels, rows);
    }

    private static boolean looksLikeProbabilities(double[] values, int classes) {
        for (int start = 0; start < values.length; start += classes) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double v = values[start + c];
                if (v < 0 || v > 1) return false;
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-3) return false;
        }
        return true;
    }

    private static Tensor scores(Collection<Tensor> outputs, String scoresName, int classes) {
        if (scoresName != null) {
            Tensor named = find(outputs, scoresName);
            if (named != null) return named;
        }
        for (Tensor t : outputs) {
            long[] s = t.shape();
            boolean hardened = t.name().equals("class") || t.name().equals("label") || t.name().equals("probability");
            if (!hardened && t.isNumeric() && s.length >= 2 && s[s.length - 1] == classes) return t;
        }
        return null;
    }

    private static Tensor find(Collection<Tensor> outputs, String name) {
        for (Tensor t : outputs) if (t.name().equals(name)) return t;
        return null;
    }
}
