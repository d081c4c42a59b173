package dev.warden.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryVectorBuffersTest {
    private static float[] v(float first) {
        return new float[]{first, 1};
    }

    @Test
    void buffersAreBoundedByCapacityKeysAndIdleTime() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        MemoryStateStore store = MemoryStateStore.ephemeral(clock);
        VectorBuffers w = store.vectors("temporal:m", new VectorBuffers.Limits(2, Duration.ofSeconds(10), 3));
        assertThat(w.exchange("s", v(0), clock.instant())).isEmpty();
        w.exchange("s", v(1), clock.instant());
        w.exchange("s", v(2), clock.instant());
        float[][] back = w.exchange("s", v(3), clock.instant());
        assertThat(back).hasNumberOfRows(2);
        assertThat(back[0][0]).isEqualTo(2f);
        assertThat(back[1][0]).isEqualTo(1f);
        clock.advance(Duration.ofSeconds(11));
        assertThat(w.exchange("s", v(4), clock.instant())).as("forgotten after retention idle").isEmpty();
        for (int i = 0; i < 10; i++) w.exchange("other-" + i, v(0), clock.instant());
        assertThat(((MemoryVectorBuffers) w).keys()).isLessThanOrEqualTo(3);
    }

    @Test
    void aKeySeenOnceTakesNoRingAndItsSecondVectorIsComparedWithItsFirst() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        MemoryStateStore store = MemoryStateStore.ephemeral(clock);
        VectorBuffers w = store.vectors("knn:m", new VectorBuffers.Limits(200, Duration.ofSeconds(10), 1000));
        for (int i = 0; i < 100; i++) assertThat(w.exchange("once-" + i, v(i), clock.instant())).isEmpty();
        assertThat(((MemoryVectorBuffers) w).keys()).as("one-shot keys hold no ring").isZero();
        assertThat(w.exchange("a", v(7), clock.instant())).isEmpty();
        float[][] back = w.exchange("a", v(8), clock.instant());
        assertThat(back).hasNumberOfRows(1);
        assertThat(back[0][0]).isEqualTo(7f);
        back = w.exchange("a", v(9), clock.instant());
        assertThat(back).hasNumberOfRows(2);
        assertThat(back[0][0]).isEqualTo(8f);
        assertThat(back[1][0]).isEqualTo(7f);
        assertThat(((MemoryVectorBuffers) w).keys()).isEqualTo(1);
    }

    @Test
    void aFirstVectorIsForgottenAfterTheIdleTime() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        MemoryStateStore store = MemoryStateStore.ephemeral(clock);
        VectorBuffers w = store.vectors("knn:m", new VectorBuffers.Limits(200, Duration.ofSeconds(10), 1000));
        w.exchange("a", v(1), clock.instant());
        clock.advance(Duration.ofSeconds(11));
        assertThat(w.exchange("a", v(2), clock.instant())).isEmpty();
        assertThat(w.exchange("a", v(3), clock.instant())[0][0]).isEqualTo(2f);
    }
}
