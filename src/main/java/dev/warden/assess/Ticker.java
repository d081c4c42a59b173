package dev.warden.assess;

import java.time.Duration;

/** Time as the campaign sees it: a monotonic reading and a way to wait. Tests pass a fake one. */
public interface Ticker {
    long nanos();

    void sleep(Duration d);

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while backing off", e);
            }
        }
    };
}
