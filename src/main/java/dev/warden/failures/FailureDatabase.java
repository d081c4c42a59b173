package dev.warden.failures;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.KnownInput;
import dev.warden.tensor.Tensor;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failure database as a running server sees it: the store, and an immutable snapshot of the evidence
 * of every confirmed record that request threads read without touching the database (the paper's "hot
 * patch", section 4.3: confirming a failure changes what the guard blocks, not the model). The snapshot is
 * replaced by {@link #reloadNow} (a confirm through this server's API) or, for changes made elsewhere, by a
 * background check of the store's blocking revision (captured candidates do not change it) that a request
 * starts once the refresh interval has passed.
 * One instance per JDBC URL per process, so that every policy generation and the API share it.
 */
public final class FailureDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(FailureDatabase.class);
    private static final Cache<String, FailureDatabase> BY_URL = Caffeine.newBuilder().maximumSize(64).build();
    private static final ExecutorService REFRESHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warden-failures-refresh");
        t.setDaemon(true);
        return t;
    });

    /** The evidence of confirmed records at one revision, with the exact-hash index over its examples. */
    public record Snapshot(long revision, List<KnownInput> inputs, Map<String, String> failureByExampleSha256) {
        public Snapshot {
            inputs = List.copyOf(inputs);
            failureByExampleSha256 = Map.copyOf(failureByExampleSha256);
        }

        public boolean isEmpty() {
            return inputs.isEmpty();
        }
    }

    private final JdbcFailureStore store;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(-1, List.of(), Map.of()));
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long lastCheckMillis;

    FailureDatabase(JdbcFailureStore store) {
        this.store = store;
    }

    /** The shared instance for {@code url}, opening (and migrating) the database on first use. */
    public static FailureDatabase at(String url) {
        FailureDatabase db = BY_URL.get(url, u -> new FailureDatabase(JdbcFailureStore.open(u)));
        if (db.snapshot.get().revision() < 0) db.reloadNow();
        return db;
    }

    public JdbcFailureStore store() {
        return store;
    }

    /** The current snapshot; starts a background check when the last one is older than {@code interval}. */
    public Snapshot current(Clock clock, Duration interval) {
        long now = clock.millis();
        if (now - lastCheckMillis >= interval.toMillis() && refreshing.compareAndSet(false, true)) {
            lastCheckMillis = now;
            try {
                REFRESHER.execute(this::refreshIfChanged);
            } catch (RuntimeException e) {
                refreshing.set(false);
            }
        }
        return snapshot.get();
    }

    /** Reads the confirmed evidence now and swaps it in; returns the new snapshot. */
    public synchronized Snapshot reloadNow() {
        long revision = store.blockingRevision();
        List<KnownInput> inputs = store.blockingInputs();
        Map<String, String> index = new HashMap<>();
        for (KnownInput k : inputs) {
            Tensor t = TensorBytes.decode(k.input().name(), k.input().datatype(), k.input().shapeArray(), k.bytes());
            long batch = k.input().shape().isEmpty() ? 1 : t.batchSize();
            for (int i = 0; i < batch; i++) index.putIfAbsent(TensorBytes.sha256(TensorBytes.example(t, i)), k.failureId());
        }
        Snapshot next = new Snapshot(revision, inputs, index);
        snapshot.set(next);
        return next;
    }

    private void refreshIfChanged() {
        try {
            if (store.blockingRevision() != snapshot.get().revision()) {
                Snapshot s = reloadNow();
                LOG.info("failure database {}: {} confirmed evidence inputs (revision {})", store.database().shownUrl(), s.inputs().size(), s.revision());
            }
        } catch (RuntimeException e) {
            LOG.warn("failure database {} not refreshed, keeping revision {}: {}", store.database().shownUrl(), snapshot.get().revision(), e.getMessage());
        } finally {
            refreshing.set(false);
        }
    }
}
