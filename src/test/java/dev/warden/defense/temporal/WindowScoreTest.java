package dev.warden.defense.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowScoreTest {
    static float[] frame(long index, float p0) {
        return new float[]{index, p0, 1 - p0};
    }

    @Test
    void countsFlipsInFrameOrderAndTheSpreadOfTheMajorityLabel() {
        float[][] newestFirst = {frame(3, 0.9f), frame(1, 0.9f), frame(2, 0.3f)};
        WindowScore.Stats s = WindowScore.of(newestFirst, frame(4, 0.9f));
        assertThat(s.frames()).isEqualTo(4);
        assertThat(s.flips()).isEqualTo(2);
        assertThat(s.spread()).isCloseTo(Math.sqrt(0.0675), within(1e-6));
    }

    @Test
    void aRepeatedFrameIndexKeepsTheNewest() {
        WindowScore.Stats s = WindowScore.of(new float[][]{frame(1, 0.1f), frame(0, 0.9f)}, frame(1, 0.9f));
        assertThat(s.frames()).isEqualTo(2);
        assertThat(s.flips()).isZero();
    }

    static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void windowsAreBoundedByCapacityStreamsAndIdleTime() {
        TestClock clock = new TestClock();
        CaffeineStreamWindows w = new CaffeineStreamWindows(new StreamWindows.Limits(2, Duration.ofSeconds(10), 3), clock);
        assertThat(w.exchange("s", frame(0, 1), clock.instant())).isEmpty();
        w.exchange("s", frame(1, 1), clock.instant());
        w.exchange("s", frame(2, 1), clock.instant());
        float[][] back = w.exchange("s", frame(3, 1), clock.instant());
        assertThat(back).hasNumberOfRows(2);
        assertThat(back[0][0]).isEqualTo(2f);
        assertThat(back[1][0]).isEqualTo(1f);
        clock.millis.addAndGet(11_000);
        assertThat(w.exchange("s", frame(4, 1), clock.instant())).isEmpty();
        for (int i = 0; i < 10; i++) w.exchange("other-" + i, frame(0, 1), clock.instant());
        assertThat(w.streams()).isLessThanOrEqualTo(3);
    }
}
