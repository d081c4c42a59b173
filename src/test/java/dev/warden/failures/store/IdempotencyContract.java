package dev.warden.failures.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.failures.FailureRecord;
import dev.warden.failures.SampleFailures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Adds under an idempotency key, on every failure database; one subclass per database. */
abstract class IdempotencyContract {
    protected String url;
    protected JdbcFailureStore store;

    protected abstract String newDatabaseUrl();

    protected void dropDatabase(String url) {
    }

    @BeforeEach
    void open() {
        url = newDatabaseUrl();
        store = JdbcFailureStore.open(url);
    }

    @AfterEach
    void drop() {
        dropDatabase(url);
    }

    @Test
    void aRetriedAddGetsTheFirstRecordAndStoresNoDuplicate() {
        AddResult first = store.add(SampleFailures.sample(1), "retry-me-1");
        AddResult again = store.add(SampleFailures.sample(1), "retry-me-1");
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.record()).isEqualTo(first.record());
        assertThat(store.count()).isEqualTo(1);
        AddResult other = store.add(SampleFailures.sample(1), "retry-me-2");
        assertThat(other.created()).as("another key is another add").isTrue();
        assertThat(store.add(SampleFailures.sample(1), null).created()).as("no key, no idempotency").isTrue();
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void theSameKeyForADifferentRecordIsRefused() {
        FailureRecord first = store.add(SampleFailures.sample(1), "k").record();
        assertThatThrownBy(() -> store.add(SampleFailures.sample(2), "k"))
                .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining(first.id());
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void aKeyFollowsItsRecordIntoAMerge() {
        FailureRecord kept = store.add(SampleFailures.sample(4));
        FailureRecord dup = store.add(SampleFailures.sample(5), "dup-key").record();
        store.merge(dup.id(), kept.id());
        AddResult again = store.add(SampleFailures.sample(5), "dup-key");
        assertThat(again.created()).isFalse();
        assertThat(again.record().id()).isEqualTo(kept.id());
    }

    @Test
    void aPrunedRecordFreesItsKey() {
        FailureRecord captured = store.add(SampleFailures.captured(6, "a"), "captured-key").record();
        assertThat(store.pruneUnreviewed("capture:", Instant.now().plusSeconds(1))).isEqualTo(1);
        AddResult again = store.add(SampleFailures.captured(6, "a"), "captured-key");
        assertThat(again.created()).isTrue();
        assertThat(again.record().id()).isNotEqualTo(captured.id());
    }

    @Test
    void keysAreVisibleAsciiUpTo255Characters() {
        for (String bad : List.of("", "has space", "x".repeat(256), "naïve")) {
            assertThatThrownBy(() -> store.add(SampleFailures.sample(1), bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotency key");
        }
        assertThat(store.add(SampleFailures.sample(1), "x".repeat(255)).created()).isTrue();
    }

    @Test
    void concurrentAddsWithOneKeyFromSeveralProcessesStoreOneRecord() throws Exception {
        int clients = 4;
        CyclicBarrier start = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<AddResult>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                JdbcFailureStore own = JdbcFailureStore.open(url);
                results.add(pool.submit(() -> {
                    start.await();
                    return own.add(SampleFailures.sample(9), "same-key");
                }));
            }
            List<AddResult> done = new ArrayList<>();
            for (Future<AddResult> f : results) done.add(f.get());
            assertThat(done).filteredOn(AddResult::created).hasSize(1);
            assertThat(done).extracting(r -> r.record().id()).containsOnly(done.get(0).record().id());
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.count()).isEqualTo(1);
    }
}
