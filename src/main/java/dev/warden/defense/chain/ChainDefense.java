package dev.warden.defense.chain;

import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a chain of models after the guarded one, checking each stage's outputs against its contract before
 * they feed the next (paper, section 3.1: "if one of them fails to stop the processing of invalid inputs,
 * downstream models will be acting on data outside of their valid operational region"). A breach stops the
 * chain at that stage with a REJECT naming the stage and the breach; the next model never sees the data.
 * Otherwise every stage's outputs join the response as {@code <model>.<output>}, with the last stage's
 * predicted label as {@code <model>.label}.
 */
public final class ChainDefense implements Defense {
    public static final String NAME = "chain";
    public static final String REASON = "chain_contract";

    record Link(Model model, Map<String, String> inputs, List<OutputContract> contract) {
    }

    private final List<OutputContract> first;
    private final List<Link> links;

    ChainDefense(List<OutputContract> first, List<Link> links) {
        this.first = List.copyOf(first);
        this.links = List.copyOf(links);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Signal afterModel(Exchange exchange) {
        Map<String, Tensor> current = exchange.outputs();
        ModelMetadata meta = exchange.model();
        String breach = breach(first, current, meta);
        if (breach != null) return stop(1, meta.name(), breach, links.get(0).model().metadata().name());
        Map<String, Tensor> merged = new LinkedHashMap<>(current);
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            Map<String, Tensor> in = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : link.inputs().entrySet()) in.put(e.getKey(), current.get(e.getValue()).renamed(e.getKey()));
            current = link.model().infer(in);
            meta = link.model().metadata();
            breach = breach(link.contract(), current, meta);
            if (breach != null) {
                return stop(i + 2, meta.name(), breach, i + 1 < links.size() ? links.get(i + 1).model().metadata().name() : null);
            }
            for (Tensor t : current.values()) merged.put(meta.name() + "." + t.name(), t.renamed(meta.name() + "." + t.name()));
        }
        merged.put(meta.name() + ".label", labels(current, meta));
        exchange.setOutputs(merged);
        return null;
    }

    private static String breach(List<OutputContract> contract, Map<String, Tensor> outputs, ModelMetadata meta) {
        for (OutputContract c : contract) {
            String b = c.breach(outputs.get(c.output()), meta);
            if (b != null) return b;
        }
        return null;
    }

    private static Signal stop(int stage, String model, String breach, String next) {
        return Signal.reject(NAME, REASON, "chain stage " + stage + " (" + model + ") broke its contract: " + breach
                + (next == null ? "; its output was not used" : "; the chain stopped before " + next));
    }

    private static Tensor labels(Map<String, Tensor> outputs, ModelMetadata meta) {
        Tensor scores = outputs.get(meta.scoresOutputOrFirst());
        long[] s = scores.shape();
        int classes = (int) s[s.length - 1];
        int rows = scores.size() / classes;
        String[] labels = new String[rows];
        for (int r = 0; r < rows; r++) labels[r] = meta.labelOf(Softmax.argmax(scores.values(), r, classes));
        return Tensor.bytes(meta.name() + ".label", new long[]{rows}, labels);
    }

}
