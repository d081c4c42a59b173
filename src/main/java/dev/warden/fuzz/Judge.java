package dev.warden.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the oracles on a batch of candidates: the local model (with activations) for misclassification and
 * NaN, the policy's peer models for disagreement, and the guarded system, one input per request, for bypass.
 * Each candidate is one query against the budget.
 */
final class Judge implements AutoCloseable {
    private final ActivationModel local;
    private final PeerModels peers;
    private final GuardOracle guard;
    private final List<Oracle> oracles;
    private final Map<String, Long> refusals = new java.util.TreeMap<>();

    Judge(ActivationModel local, PeerModels peers, GuardOracle guard, List<Oracle> oracles) {
        if (oracles.contains(Oracle.BYPASS) && guard == null) throw new IllegalArgumentException("the bypass oracle needs a guarded target: --policy or --target");
        if (oracles.contains(Oracle.DISAGREEMENT) && (peers == null || peers.isEmpty())) {
            throw new IllegalArgumentException("the disagreement oracle needs a second model with the same input in the policy");
        }
        this.local = local;
        this.peers = peers;
        this.guard = guard;
        this.oracles = List.copyOf(oracles);
    }

    List<Oracle> oracles() {
        return oracles;
    }

    /** Refusals by the guarded system, by reason code. */
    Map<String, Long> refusals() {
        return refusals;
    }

    List<Verdict> judge(List<Candidate> batch) {
        List<double[]> inputs = batch.stream().map(Candidate::input).toList();
        List<ActivationModel.Observation> seen = local.run(inputs);
        int[][] peerClasses = oracles.contains(Oracle.DISAGREEMENT) ? peers.classify(inputs) : null;
        List<Verdict> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Candidate c = batch.get(i);
            ActivationModel.Observation o = seen.get(i);
            Map<Oracle, Integer> failed = new EnumMap<>(Oracle.class);
            Map<Oracle, String> details = new EnumMap<>(Oracle.class);
            if (oracles.contains(Oracle.MISCLASSIFICATION) && o.predicted() != c.label()) failed.put(Oracle.MISCLASSIFICATION, o.predicted());
            if (oracles.contains(Oracle.NAN) && o.nonFinite()) failed.put(Oracle.NAN, o.predicted());
            if (peerClasses != null) {
                for (int m = 0; m < peerClasses.length; m++) {
                    if (peerClasses[m][i] != o.predicted()) {
                        failed.put(Oracle.DISAGREEMENT, peerClasses[m][i]);
                        details.put(Oracle.DISAGREEMENT, local.metadata().name() + " says " + o.predicted() + ", "
                                + peers.names().get(m) + " says " + peerClasses[m][i]);
                        break;
                    }
                }
            }
            GuardOracle.Reply reply = null;
            if (oracles.contains(Oracle.BYPASS)) {
                reply = guard.ask(c.input());
                if (!reply.answered()) refusals.merge(reply.refusal(), 1L, Long::sum);
                else if (reply.label() != c.label()) {
                    failed.put(Oracle.BYPASS, reply.label());
                    details.put(Oracle.BYPASS, "answered " + reply.label() + " by " + guard.target().describe());
                }
            }
            out.add(new Verdict(c, o, failed, details, reply));
        }
        return out;
    }

    /** Closes the guard connection this judge owns (a fresh guard per run keeps runs independent). */
    @Override
    public void close() {
        if (guard != null) guard.close();
    }
}
