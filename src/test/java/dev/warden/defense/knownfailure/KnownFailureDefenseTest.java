package dev.warden.defense.knownfailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.TestClock;
import dev.warden.defense.GuardHarness;
import dev.warden.defense.StateOutage;
import dev.warden.failures.AffectedModel;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.Status;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.guard.Action;
import dev.warden.guard.Outcome;
import dev.warden.policy.PolicyException;
import dev.warden.state.FailingStateStore;
import dev.warden.state.MemoryStateStore;
import dev.warden.tensor.Tensor;
import dev.warden.defense.query.QueryFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The known-failure defense in a guard built by the standard registry, over a real (SQLite) failure database. */
class KnownFailureDefenseTest {
    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    /** A database with one confirmed failure whose evidence is {@code x}; returns its URL. */
    String confirmed(double[] x) {
        String url = "jdbc:sqlite:" + dir.resolve("failures.db");
        JdbcFailureStore store = JdbcFailureStore.open(url);
        String id = store.record(FailureCaseBuilder.adversarialExample(new AffectedModel("stub", "1", null),
                Tensor.fp32("input", new long[]{1, 1, 28, 28}, x), 0, "dark", 1, "bright", null).build());
        store.setStatus(id, Status.CONFIRMED);
        FailureDatabase.at(url).reloadNow();
        return url;
    }

    /** A memory store whose fingerprint secret is fixed (so that these tests do not depend on a random key). */
    MemoryStateStore store() {
        try {
            Path data = Files.createTempDirectory(dir, "state");
            Files.writeString(data.resolve(QueryFactory.SECRET + ".secret"), HexFormat.of().formatHex(FingerprintMatcherTest.secret(9)));
            return new MemoryStateStore(clock, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GuardHarness guard(String url, String settings, String state, dev.warden.state.StateStore store) {
        return GuardHarness.build("failures: {url: \"" + url + "\"}\n" + state + "defenses:\n  - {type: known-failure" + settings + "}\n", clock, store);
    }

    @Test
    void byDefaultNearCopiesOfAConfirmedFailureAreRefusedWithMatchExactOnlyIdenticalOnes() {
        double[] x = FingerprintMatcherTest.IMAGES.image(30);
        double[] copy = FingerprintMatcherTest.noisy(x, 2 / 255.0, new SplittableRandom(1));
        String url = confirmed(x);
        GuardHarness fingerprint = guard(url, "", "", store());
        Outcome o = fingerprint.send("mallory", "label", copy);
        assertThat(o.decision().action()).isEqualTo(Action.REJECT);
        assertThat(o.decision().reason()).isEqualTo(KnownFailureDefense.REASON);
        assertThat(fingerprint.send("alice", "label", FingerprintMatcherTest.IMAGES.image(31)).decision().action()).isEqualTo(Action.ALLOW);

        GuardHarness exact = guard(url, ", match: exact", "", store());
        assertThat(exact.send("mallory", "label", x).decision().reason()).isEqualTo(KnownFailureDefense.REASON);
        assertThat(exact.send("mallory", "label", copy).decision().action()).isEqualTo(Action.ALLOW);
    }

    @Test
    void withTheStateStoreDownExactCopiesAreStillRefusedAndNearCopiesFollowOnUnavailable() {
        double[] x = FingerprintMatcherTest.IMAGES.image(40);
        double[] copy = FingerprintMatcherTest.noisy(x, 2 / 255.0, new SplittableRandom(2));
        String url = confirmed(x);
        for (String mode : new String[]{"fail-open", "fail-closed"}) {
            FailingStateStore store = new FailingStateStore(store());
            store.down(true);
            GuardHarness guard = guard(url, "", "state: {onUnavailable: " + mode + "}\n", store);
            assertThat(guard.send("mallory", "label", x).decision().reason()).as(mode).isEqualTo(KnownFailureDefense.REASON);
            Outcome near = guard.send("mallory", "label", copy);
            if (mode.equals("fail-open")) {
                assertThat(near.decision().action()).isEqualTo(Action.ALLOW);
            } else {
                assertThat(near.decision().reason()).isEqualTo(StateOutage.REASON);
            }
            store.down(false);
            assertThat(guard.send("mallory", "label", copy).decision().reason()).as(mode + ", store back").isEqualTo(KnownFailureDefense.REASON);
        }
    }

    @Test
    void anUnknownMatcherOrABadThresholdNamesTheField() {
        String url = "jdbc:sqlite:" + dir.resolve("empty.db");
        assertThatThrownBy(() -> guard(url, ", match: fuzzy", "", store()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("defenses[0]: match: unknown matcher 'fuzzy' (known: fingerprint, exact)");
        assertThatThrownBy(() -> guard(url, ", threshold: 0", "", store()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("threshold must be between 1 and hashes");
    }
}
