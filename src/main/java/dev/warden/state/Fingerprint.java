package dev.warden.state;

import java.util.Arrays;

/**
 * One query's probabilistic fingerprint: up to S distinct keyed window hashes, and a keyed hash of the exact
 * input so that a bit-identical repeat (a retry, which tells an attacker nothing new) is not counted as a match.
 */
public record Fingerprint(long[] hashes, int exact) {
    public Fingerprint {
        hashes = hashes.clone();
    }

    @Override
    public long[] hashes() {
        return hashes.clone();
    }

    public int size() {
        return hashes.length;
    }

    public long hash(int i) {
        return hashes[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && exact == f.exact && Arrays.equals(hashes, f.hashes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hashes) + exact;
    }

    @Override
    public String toString() {
        return "Fingerprint[" + hashes.length + " hashes]";
    }
}
