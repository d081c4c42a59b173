package dev.warden.defense.knownfailure;

import dev.warden.failures.FailureDatabase;
import dev.warden.tensor.Tensor;

/**
 * How a query's example is matched against the evidence of confirmed failures. {@link ExactHashMatcher}
 * matches identical inputs; a matcher over keyed fingerprints (the stateful detector's, which survive
 * small noise) can build its own index from {@link FailureDatabase.Snapshot#inputs()}, once per revision,
 * and register with {@link KnownFailureFactory#withMatcher}. Called on the request path: no I/O.
 */
public interface KnownInputMatcher {
    String name();

    /** The id of the confirmed failure that example {@code index} of {@code input} matches, or null. */
    String match(FailureDatabase.Snapshot known, Tensor input, int index);
}
