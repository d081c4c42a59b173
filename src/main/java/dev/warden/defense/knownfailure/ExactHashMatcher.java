package dev.warden.defense.knownfailure;

import dev.warden.failures.FailureDatabase;
import dev.warden.failures.TensorBytes;
import dev.warden.tensor.Tensor;

/** Matches an example whose canonical bytes hash (SHA-256) to those of a confirmed failure's evidence example. */
public final class ExactHashMatcher implements KnownInputMatcher {
    public static final String NAME = "exact";

    @Override
    public String match(FailureDatabase.Snapshot known, Tensor input, int index) {
        if (known.failureByExampleSha256().isEmpty()) return null;
        return known.failureByExampleSha256().get(TensorBytes.sha256(TensorBytes.example(input, index)));
    }
}
