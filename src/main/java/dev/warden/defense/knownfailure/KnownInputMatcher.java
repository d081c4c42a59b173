package dev.warden.defense.knownfailure;

import dev.warden.defense.DefenseContext;
import dev.warden.failures.FailureDatabase;
import dev.warden.tensor.Tensor;

/**
 * How a query's example is matched against the evidence of confirmed failures: {@link ExactHashMatcher}
 * ({@code match: exact}) matches identical inputs, {@link FingerprintMatcher} ({@code match: fingerprint})
 * also their near-copies. A matcher is made per defense (it may hold the deployment's secret and an index
 * built from the snapshot) by a {@link Factory} registered with {@link KnownFailureFactory#withMatcher}.
 * Called on the request path: no I/O.
 */
public interface KnownInputMatcher {
    /**
     * The id of the confirmed failure that example {@code index} of {@code input} matches, or null. May throw
     * {@link dev.warden.state.StateUnavailableException} when a secret it needs cannot be fetched yet.
     */
    String match(FailureDatabase.Snapshot known, Tensor input, int index);

    /** Makes the matcher of one known-failure defense. */
    @FunctionalInterface
    interface Factory {
        KnownInputMatcher create(KnownFailureConfig config, DefenseContext context);
    }
}
