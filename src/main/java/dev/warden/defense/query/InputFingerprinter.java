package dev.warden.defense.query;

import dev.warden.state.Fingerprint;

/** Turns one input (one item of a batch) into a keyed probabilistic fingerprint for the inverted index. */
public interface InputFingerprinter {
    /** The fingerprint of {@code length} values of {@code data} from {@code offset}. */
    Fingerprint fingerprint(double[] data, int offset, int length);

    /** S: the hashes a fingerprint holds. */
    int hashes();
}
