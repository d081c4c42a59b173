package dev.warden.fuzz;

import dev.warden.defense.query.FingerprintSettings;
import dev.warden.defense.query.Fingerprinter;
import dev.warden.model.ValueRange;
import dev.warden.state.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deduplicates failures: per oracle, a failing input joins the first earlier cluster whose representative
 * shares at least T of its Blacklight-style window hashes (the query detector's fingerprints, keyed with a
 * fixed fuzzing key), else it starts a cluster of its own. Distinct failures are clusters.
 */
final class FailureClusters {
    static final int THRESHOLD = 8;
    /** 32 key bytes, fixed so that clusters are the same run to run: the SHA-256 of a constant phrase. */
    private static final byte[] KEY = sha256("warden fuzz failure clusters");
    private final Fingerprinter fingerprinter;
    private final Map<Oracle, List<List<Set<Long>>>> clusters = new EnumMap<>(Oracle.class);

    FailureClusters(ValueRange range) {
        this.fingerprinter = FingerprintSettings.defaults().fingerprinter(range, KEY);
    }

    /** The cluster the input joins; {@code isNew} when it starts one. */
    record Placement(int cluster, boolean isNew) {
    }

    /** Where the input would go, without adding it. */
    Placement place(Oracle oracle, double[] input) {
        Set<Long> hashes = hashes(input);
        List<List<Set<Long>>> list = clusters.getOrDefault(oracle, List.of());
        for (int i = 0; i < list.size(); i++) {
            for (Set<Long> member : list.get(i)) {
                int shared = 0;
                for (long h : hashes) if (member.contains(h)) shared++;
                if (shared >= THRESHOLD || hashes.equals(member)) return new Placement(i, false);
            }
        }
        return new Placement(list.size(), true);
    }

    /** Starts a cluster with these inputs (the minimized failure and the one first found) as representatives. */
    int open(Oracle oracle, double[]... members) {
        List<List<Set<Long>>> list = clusters.computeIfAbsent(oracle, o -> new ArrayList<>());
        List<Set<Long>> cluster = new ArrayList<>();
        for (double[] m : members) cluster.add(hashes(m));
        list.add(cluster);
        return list.size() - 1;
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int count(Oracle oracle) {
        return clusters.getOrDefault(oracle, List.of()).size();
    }

    private Set<Long> hashes(double[] input) {
        Fingerprint f = fingerprinter.fingerprint(input, 0, input.length);
        Set<Long> s = new HashSet<>();
        for (int i = 0; i < f.size(); i++) s.add(f.hash(i));
        return s;
    }
}
