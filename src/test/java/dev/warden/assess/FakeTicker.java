package dev.warden.assess;

import java.time.Duration;

/** Time that only moves when the code under test sleeps (or a query is charged a fixed cost). */
final class FakeTicker implements Ticker {
    long now;
    long slept;

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public void sleep(Duration d) {
        now += d.toNanos();
        slept += d.toNanos();
    }
}
