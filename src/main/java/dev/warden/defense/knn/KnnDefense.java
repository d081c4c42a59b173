package dev.warden.defense.knn;

import dev.warden.defense.StateOutage;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.guard.Verdict;
import dev.warden.state.StateUnavailableException;
import dev.warden.state.VectorBuffers;
import dev.warden.tensor.Tensor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Stateful detection by nearest neighbours in feature space (Chen, Carlini and Wagner, 2019), per account:
 * after the model, each item's {@code features} vector is compared with the account's buffer of previous
 * ones and then added to it. Kept to compare with the fingerprint detector ({@code query}): it needs the
 * model to run first, and a Sybil attacker with fresh accounts starts with empty buffers.
 */
public final class KnnDefense implements Defense {
    public static final String NAME = "knn";
    public static final String REASON = "query_attack";

    private final KnnConfig config;
    private final VectorBuffers buffers;
    private final String featuresOutput;
    private final Clock clock;
    private final StateOutage outage;

    KnnDefense(KnnConfig config, VectorBuffers buffers, String featuresOutput, Clock clock, StateOutage outage) {
        this.config = config;
        this.buffers = buffers;
        this.featuresOutput = featuresOutput;
        this.clock = clock;
        this.outage = outage;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Signal afterModel(Exchange exchange) {
        // A granted camera's frames are near neighbours of each other by nature; temporal judges them.
        if (exchange.query().streamId() != null && exchange.query().account().streams()) return null;
        Tensor features = exchange.outputs().get(featuresOutput);
        if (features == null || !features.isNumeric() || features.size() == 0) return null;
        int batch = (int) Math.max(1, features.batchSize());
        int dims = features.size() / batch;
        double[] values = features.values();
        String account = exchange.query().account().id();
        double lowest = Double.POSITIVE_INFINITY;
        List<Integer> close = new ArrayList<>();
        try {
            for (int b = 0; b < batch; b++) {
                float[] v = new float[dims];
                for (int i = 0; i < dims; i++) v[i] = (float) values[b * dims + i];
                float[][] others = buffers.exchange(account, v, clock.instant());
                double mean = KnnDistance.meanOfNearest(v, others, config.k());
                if (mean < config.threshold() && confirmed(others)) close.add(b);
                if (mean < lowest) lowest = mean;
            }
        } catch (StateUnavailableException e) {
            return outage.signal(e);
        }
        if (close.isEmpty()) return Signal.pass(NAME);
        String message = "query is unusually close to this account's recent queries";
        double score = 1 - lowest / config.threshold();
        if (!config.action().equals("reject")) return Signal.flag(NAME, score, REASON, message);
        if (close.size() == batch) return new Signal(NAME, Verdict.REJECT, score, REASON, message);
        // Only some images of the batch are close: theirs are withheld, the rest answered; still a strike (a flag).
        for (int row : close) exchange.withhold(row, REASON);
        return Signal.flag(NAME, score, REASON, "inputs " + close + " of the batch are unusually close to this account's recent queries, their answers withheld");
    }

    /**
     * Whether enough of the account's previous queries ({@code others}, newest first) were close too, each
     * measured against the queries before it. Run only for a close query, so benign traffic rarely pays for it.
     */
    private boolean confirmed(float[][] others) {
        int needed = config.confirm() - 1;
        for (int j = 0; j < config.confirmWindow() - 1 && needed > 0 && j < others.length; j++) {
            if (config.confirmWindow() - 1 - j < needed) return false;
            float[][] before = java.util.Arrays.copyOfRange(others, j + 1, others.length);
            if (before.length == 0) break;
            // An account's first queries have fewer than k before them: a fresh Sybil account's run of close
            // queries is confirmed by its first ones all the same, with the neighbours there are.
            double mean = KnnDistance.meanOfNearest(others[j], before, Math.min(config.k(), before.length));
            if (mean < config.threshold()) needed--;
        }
        return needed <= 0;
    }
}
