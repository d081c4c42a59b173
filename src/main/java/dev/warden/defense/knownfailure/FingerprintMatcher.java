package dev.warden.defense.knownfailure;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.query.Fingerprinter;
import dev.warden.defense.query.Lazy;
import dev.warden.defense.query.QueryFactory;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.TensorBytes;
import dev.warden.model.ValueRange;
import dev.warden.state.Fingerprint;
import dev.warden.state.StateStore;
import dev.warden.state.StateUnavailableException;
import dev.warden.tensor.Tensor;
import java.util.function.Supplier;

/**
 * Matches a query's example to confirmed evidence it is a near-copy of: the same image with small noise, a
 * brightness change or a one-pixel shift. Exact copies are found first by their SHA-256 (the fast path);
 * otherwise the example's keyed fingerprint, the stateful detector's (same algorithm, settings and the
 * deployment's secret {@value QueryFactory#SECRET}, whether or not the policy runs {@code query}), must share
 * {@code threshold} or more hashes with one known example. The index of known fingerprints is built once per
 * failure-database snapshot, by the first request that sees it; the request path does no I/O.
 */
public final class FingerprintMatcher implements KnownInputMatcher {
    public static final String NAME = "fingerprint";

    private final ExactHashMatcher exact = new ExactHashMatcher();
    private final Lazy<Fingerprinter> fingerprinter;
    private final int threshold;
    private volatile KnownFingerprints index = KnownFingerprints.EMPTY;

    /** {@code keyed} builds the fingerprinter with the store's secret (it may throw while the store is unreachable). */
    FingerprintMatcher(Supplier<Fingerprinter> keyed, int threshold) {
        this.fingerprinter = new Lazy<>(keyed);
        this.threshold = threshold;
    }

    public static FingerprintMatcher create(KnownFailureConfig config, DefenseContext context) {
        ValueRange range = context.model().inputRange();
        StateStore state = context.state();
        FingerprintMatcher matcher = new FingerprintMatcher(
                () -> config.fingerprint().fingerprinter(range, state.secret(QueryFactory.SECRET)), config.threshold());
        try {
            matcher.fingerprinter();
        } catch (StateUnavailableException e) {
            // Fetched on first use instead, so that a replica starting while Redis is down still serves.
        }
        return matcher;
    }

    @Override
    public String match(FailureDatabase.Snapshot known, Tensor input, int index) {
        String id = exact.match(known, input, index);
        if (id != null || !input.isNumeric()) return id;
        int per = TensorBytes.perExample(input);
        KnownFingerprints fingerprints = indexOf(known);
        if (!fingerprints.covers(input.name(), per)) return null;
        KnownFingerprints.Hit hit = fingerprints.match(input.name(), per, fingerprinter().fingerprint(input.values(), index * per, per), threshold);
        return hit == null ? null : hit.failureId();
    }

    /**
     * The index of {@code known}, built now if this is the first request that sees that snapshot. A request
     * still holding an older snapshot than the index's uses the newer index rather than rebuilding the old one.
     */
    KnownFingerprints indexOf(FailureDatabase.Snapshot known) {
        KnownFingerprints current = index;
        if (covers(current, known)) return current;
        synchronized (this) {
            current = index;
            if (!covers(current, known)) {
                current = KnownFingerprints.build(known, fingerprinter());
                index = current;
            }
            return current;
        }
    }

    private static boolean covers(KnownFingerprints index, FailureDatabase.Snapshot known) {
        FailureDatabase.Snapshot built = index.snapshot();
        return built == known || (built != null && built.revision() > known.revision());
    }

    /** The fingerprint of one whole example (measurements and tests). */
    Fingerprint fingerprint(double[] example) {
        return fingerprinter().fingerprint(example, 0, example.length);
    }

    private Fingerprinter fingerprinter() {
        return fingerprinter.get();
    }
}
