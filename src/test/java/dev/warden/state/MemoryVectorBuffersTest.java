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
}
