package dev.warden.init;

import java.util.List;

/**
 * The defenses {@code warden init} offers a model it has never seen, in chain order, as policy YAML: the default
 * policy's stateful and input checks, with settings that do not depend on the model (DESIGN.md: the recommended
 * production chain). Calibrated ones ({@code ood}) join only when benign data is given. Each is tried against the
 * model's metadata and kept only if the defense registry accepts it, so what the model cannot carry is left out
 * with the registry's own reason.
 */
final class StarterChain {
    record Candidate(String type, String yaml, boolean needsData, String why) {
    }

    /** Defenses the starter chain never includes on its own, and why: the user adds them once measured. */
    static final List<Candidate> NOT_OFFERED = List.of(
            new Candidate("knn", null, true, "its threshold is a distance in the model's own feature space: measure it on "
                    + "busy benign accounts (tools/bench.sh knn-calibrate) before turning it on"),
            new Candidate("temporal", null, true, "it is calibrated on benign video streams of the model's own kind; add it for "
                    + "camera streams once you have some"),
            new Candidate("crosscheck", null, true, "it needs a second model to disagree with"));

    static final List<Candidate> OFFERED = List.of(
            new Candidate("lockout", """
                      - type: lockout           # stop answering accounts whose queries keep getting flagged (docs/stateful.md)
                        windowSeconds: 600
                        degrade:
                          - {strikes: 1, reveal: label}
                          - {strikes: 2, reveal: none}
                        banAfter: 3
                        banSeconds: 60
                        banFactor: 4
                        maxBanSeconds: 86400
                        memorySeconds: 86400
                        ignore: [ood, temporal] # per-input detectors with a false-positive rate must not ban busy clients
                    """, false, null),
            new Candidate("validate", """
                      - type: validate          # names, datatypes, shapes, batch size, NaN/Inf, the declared ranges
                        maxBatch: 64
                    """, false, null),
            new Candidate("query", """
                      - type: query             # Blacklight-style fingerprints of each input, matched across all accounts
                        action: reject
                    """, false, null),
            new Candidate("known-failure", """
                      - type: known-failure     # refuses confirmed failure cases and near-copies (docs/failures.md)
                    """, false, null),
            new Candidate("ood", """
                      - type: ood               # refuses inputs unlike the benign data (Mahalanobis on the model's features)
                        method: mahalanobis
                        layers: [features]
                        targetFpr: 0.01
                    """, true, null));

    private StarterChain() {
    }
}
