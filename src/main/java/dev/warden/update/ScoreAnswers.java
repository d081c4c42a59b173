package dev.warden.update;

import dev.warden.runtime.AnswerMapper;
import dev.warden.runtime.InferenceResult;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies an update's {@link ScoreMapping} to the answers of its candidate version when the policy's
 * {@code update.mapScores} is on: each {@code probability} a top-k answer reveals is replaced by the serving
 * version's score at the same per-class quantile (the class is the answer's {@code class} output), so that a
 * client's threshold keeps selecting about the same share of inputs. Raw logits (the scores tier) are left as
 * they are: the mapping is fitted on probabilities.
 */
final class ScoreAnswers implements AnswerMapper {
    private record Active(String version, ScoreMapping mapping) {
    }

    private final Map<String, Active> active = new ConcurrentHashMap<>();

    void set(String model, String version, ScoreMapping mapping) {
        active.put(model, new Active(version, mapping));
    }

    void clear(String model) {
        active.remove(model);
    }

    @Override
    public InferenceResult map(InferenceResult result) {
        Active a = active.get(result.model());
        if (a == null || !a.version().equals(result.version())) return result;
        Tensor probability = null;
        Tensor classes = null;
        for (Tensor t : result.outputs()) {
            if (t.name().equals("probability")) probability = t;
            if (t.name().equals("class")) classes = t;
        }
        if (probability == null || classes == null || probability.size() != classes.size()) return result;
        double[] p = probability.values();
        double[] c = classes.values();
        double[] mapped = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            int cls = (int) c[i];
            mapped[i] = cls >= 0 && cls < a.mapping().classes() ? a.mapping().map(cls, p[i]) : p[i];
        }
        List<Tensor> outputs = new ArrayList<>();
        for (Tensor t : result.outputs()) {
            outputs.add(t == probability ? Tensor.numeric(t.name(), t.datatype(), t.shape(), mapped) : t);
        }
        return new InferenceResult(result.model(), result.version(), result.id(), outputs, result.parameters(), result.decision());
    }
}
