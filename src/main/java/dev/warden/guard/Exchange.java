package dev.warden.guard;

import dev.warden.model.ModelMetadata;
import dev.warden.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-query context the defenses of one guard share, in the manner of a pipeline context: the query,
 * the inputs as sanitizers left them, the model's outputs, what the response will reveal, the account's
 * tier (which a defense may lower), parameters to add to the response and, for a lockout, when to retry. Confined to one request thread.
 */
public final class Exchange {
    private final Query query;
    private final ModelMetadata model;
    private Map<String, Tensor> inputs;
    private Map<String, Tensor> outputs = Map.of();
    private Map<String, Tensor> revealed = Map.of();
    private Tier tier;
    private final List<Signal> signals = new ArrayList<>(4);
    private final List<Signal> signalsView = Collections.unmodifiableList(signals);
    private Map<String, Object> responseParameters;
    private Duration retryAfter;
    /** Null until a defense withholds a row: most queries never do. */
    private TreeMap<Integer, String> withheld;
    private final Set<String> observing;
    private Map<String, List<String>> linked;

    public Exchange(Query query, ModelMetadata model, Tier tier) {
        this(query, model, tier, Set.of());
    }

    Exchange(Query query, ModelMetadata model, Tier tier, Set<String> observing) {
        this.query = query;
        this.model = model;
        this.inputs = query.inputs();
        this.tier = tier;
        this.observing = observing;
    }

    /** Whether the chain runs {@code defense} in observe mode: its signals count, but change nothing. */
    public boolean observing(String defense) {
        return observing.contains(defense);
    }

    public Query query() {
        return query;
    }

    public ModelMetadata model() {
        return model;
    }

    public Map<String, Tensor> inputs() {
        return inputs;
    }

    /** Sanitizers replace the inputs the model will see. */
    public void replaceInputs(Map<String, Tensor> newInputs) {
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(newInputs));
    }

    public Map<String, Tensor> outputs() {
        return outputs;
    }

    public void setOutputs(Map<String, Tensor> modelOutputs) {
        this.outputs = modelOutputs;
        this.revealed = modelOutputs;
    }

    public Map<String, Tensor> revealed() {
        return revealed;
    }

    /** Hardening replaces what the response reveals; the model's outputs stay as they were for other defenses. */
    public void reveal(Map<String, Tensor> shown) {
        this.revealed = shown;
    }

    public Tier tier() {
        return tier;
    }

    public void lowerTier(Tier lower) {
        this.tier = lower;
    }

    public List<Signal> signals() {
        return signalsView;
    }

    void addSignal(Signal signal) {
        signals.add(signal);
    }

    public Map<String, Object> responseParameters() {
        return responseParameters == null ? Map.of() : responseParameters;
    }

    /** How long a locked-out account should wait; a defense that rejects with LOCKOUT sets it (429 Retry-After). */
    public Duration retryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration wait) {
        this.retryAfter = wait;
    }

    /**
     * Withholds the answer to one image of the batch (its rows of every output are blanked and the response
     * names it under {@code withheld}) while the others are answered: for per-image detectors, so that one
     * odd image does not cost a batch client the whole request. Undone by the chain for a defense in observe mode.
     */
    public void withhold(int row, String reason) {
        if (withheld == null) withheld = new TreeMap<>();
        withheld.putIfAbsent(row, reason);
    }

    /** Rows withheld so far, ascending, with the reason of the first defense that withheld each. */
    public Map<Integer, String> withheld() {
        return withheld == null ? Map.of() : Collections.unmodifiableMap(withheld);
    }

    /** Whether any row is withheld so far. */
    boolean withholds() {
        return withheld != null && !withheld.isEmpty();
    }

    /**
     * Names other accounts that {@code defense} links to this query's attack (the query detector's attribution: whose
     * stored queries it matched), for the lockout to strike along with this one. Never shown to the client.
     */
    public void link(String defense, List<String> accounts) {
        if (accounts.isEmpty()) return;
        if (linked == null) linked = new LinkedHashMap<>();
        linked.put(defense, List.copyOf(accounts));
    }

    /** The accounts {@code defense} linked to this query, in its order; empty when none. */
    public List<String> linked(String defense) {
        return linked == null ? List.of() : linked.getOrDefault(defense, List.of());
    }

    /** What a hook may change, taken before a stage in observe mode runs so that the chain can undo it. */
    record Mark(Map<String, Tensor> inputs, Map<String, Tensor> outputs, Map<String, Tensor> revealed, Tier tier,
                Duration retryAfter, Map<Integer, String> withheld, Map<String, Object> responseParameters) {
    }

    Mark mark() {
        return new Mark(inputs, outputs, revealed, tier, retryAfter, withheld == null ? null : new TreeMap<>(withheld),
                responseParameters == null ? null : new LinkedHashMap<>(responseParameters));
    }

    void restore(Mark mark) {
        inputs = mark.inputs();
        outputs = mark.outputs();
        revealed = mark.revealed();
        tier = mark.tier();
        retryAfter = mark.retryAfter();
        withheld = mark.withheld() == null ? null : new TreeMap<>(mark.withheld());
        responseParameters = mark.responseParameters();
    }

    public void putResponseParameter(String key, Object value) {
        if (responseParameters == null) responseParameters = new LinkedHashMap<>();
        responseParameters.put(key, value);
    }

    public Object removeResponseParameter(String key) {
        return responseParameters == null ? null : responseParameters.remove(key);
    }
}
