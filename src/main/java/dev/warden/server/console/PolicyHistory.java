package dev.warden.server.console;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The policy texts of the last generations a server ran, newest last, for the console's "what changed in the
 * last reload" view. Bounded: only the latest {@link #KEPT} generations are kept.
 */
public final class PolicyHistory {
    public static final int KEPT = 20;

    public record Entry(long generation, Instant loadedAt, String source, String text) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    public synchronized void record(Entry entry) {
        if (!entries.isEmpty() && entries.peekLast().generation() >= entry.generation()) return;
        entries.addLast(entry);
        while (entries.size() > KEPT) entries.removeFirst();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
