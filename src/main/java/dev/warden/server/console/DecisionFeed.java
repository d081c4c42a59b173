package dev.warden.server.console;

import dev.warden.guard.Decision;
import dev.warden.guard.DecisionListener;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.tensor.Tensor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The recent decisions for the console: a fixed-size ring of {@link DecisionEvent}s numbered by a sequence,
 * so a reader asks for "everything after n" and a slow reader merely misses the oldest. Appending is a short
 * synchronized copy of a few fields: the request thread never waits on a console reader.
 */
public final class DecisionFeed implements DecisionListener {
    public static final int DEFAULT_CAPACITY = 2_000;

    private final DecisionEvent[] ring;
    private final Clock clock;
    private long next = 1;

    public DecisionFeed(int capacity, Clock clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.ring = new DecisionEvent[capacity];
        this.clock = clock;
    }

    @Override
    public void onDecision(Exchange exchange, Decision decision) {
        long batch = exchange.query().inputs().values().stream().mapToLong(Tensor::batchSize).max().orElse(1);
        List<String> signals = new ArrayList<>(decision.signals().size());
        for (Signal s : decision.signals()) signals.add(s.defense() + ":" + s.verdict().name().toLowerCase() + (s.reason() == null ? "" : ":" + s.reason()));
        synchronized (this) {
            long seq = next++;
            ring[(int) (seq % ring.length)] = new DecisionEvent(seq, clock.instant(), exchange.query().model(),
                    exchange.query().account().id(), exchange.query().id(), decision.action().name().toLowerCase(),
                    decision.reason(), decision.defense(), decision.message(), (int) batch, exchange.withheld().size(), signals);
        }
    }

    /** The events after {@code after} that {@code filter} keeps, oldest first, at most {@code limit}. */
    public List<DecisionEvent> since(long after, Predicate<DecisionEvent> filter, int limit) {
        List<DecisionEvent> out = new ArrayList<>();
        synchronized (this) {
            long first = Math.max(after + 1, next - ring.length);
            for (long seq = Math.max(first, 1); seq < next && out.size() < limit; seq++) {
                DecisionEvent e = ring[(int) (seq % ring.length)];
                if (e != null && e.seq() == seq && filter.test(e)) out.add(e);
            }
        }
        return out;
    }

    /** The newest events that {@code filter} keeps, oldest first, at most {@code limit}. */
    public List<DecisionEvent> latest(Predicate<DecisionEvent> filter, int limit) {
        List<DecisionEvent> out = new ArrayList<>();
        synchronized (this) {
            for (long seq = next - 1; seq >= Math.max(1, next - ring.length) && out.size() < limit; seq--) {
                DecisionEvent e = ring[(int) (seq % ring.length)];
                if (e != null && e.seq() == seq && filter.test(e)) out.add(0, e);
            }
        }
        return out;
    }

    public synchronized long lastSeq() {
        return next - 1;
    }
}
