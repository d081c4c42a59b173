package dev.warden.update;

import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import dev.warden.guard.DecisionListener;
import dev.warden.guard.Exchange;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.model.ModelMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow traffic (Seldon Core 2's mirror, KServe's shadow): a share of the queries the serving version's guard
 * answered is copied, after the decision, into a bounded queue; one worker thread runs each copy through the
 * candidate's scratch guard ({@link ScratchGuard}: its own state, so live fingerprints and strikes are not
 * touched) and counts what that guard decided and whether the labels agree. Answers never come from the copy.
 * The request thread only offers to the queue: a full queue drops the copy and counts it, never blocks.
 */
public final class ShadowMirror implements DecisionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowMirror.class);

    /** What is mirrored for one model: from which serving version, through which candidate guard, what percent. */
    record Target(ModelMetadata serving, ScratchGuard candidate, int share, ShadowCounts counts) {
    }

    private record Copy(Target target, Query query, int[] servingClasses, boolean servingFlagged) {
    }

    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final BlockingQueue<Copy> queue;
    private final AtomicLong sequence = new AtomicLong();
    private final Thread worker;
    private volatile boolean closed;

    public ShadowMirror(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::work, "warden-shadow");
        worker.setDaemon(true);
        worker.start();
    }

    void attach(String model, Target target) {
        targets.put(model, target);
    }

    void detach(String model) {
        targets.remove(model);
    }

    Target target(String model) {
        return targets.get(model);
    }

    /** Copies waiting to be run. */
    int queued() {
        return queue.size();
    }

    @Override
    public void onDecision(Exchange exchange, Decision decision) {
        Target t = targets.get(exchange.query().model());
        if (t == null || t.share() == 0 || exchange.model() != t.serving()) return;
        if (!decision.answered() || !exchange.withheld().isEmpty()) return;
        if (Math.floorMod(sequence.getAndIncrement(), 100) >= t.share()) return;
        Copy copy = new Copy(t, exchange.query(), ScratchGuard.classes(exchange), decision.action() == Action.FLAG);
        if (queue.offer(copy)) t.counts().offered();
        else t.counts().dropped();
    }

    private void work() {
        while (!closed) {
            Copy c;
            try {
                c = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (c == null) continue;
            try {
                long start = System.nanoTime();
                Outcome outcome = c.target().candidate().guard().handle(c.query());
                long nanos = System.nanoTime() - start;
                int[] candidate = c.target().candidate().lastPredicted();
                c.target().counts().ran(outcome.decision().action(), c.servingFlagged(), c.servingClasses(), candidate, nanos);
            } catch (RuntimeException e) {
                c.target().counts().failed();
                LOG.warn("shadow copy to the candidate of {} failed: {}", c.query().model(), e.toString());
            }
        }
    }

    /** Waits until the queue is empty (tests and the report), at most {@code millis}. */
    void drain(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end && (!queue.isEmpty() || busy())) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean busy() {
        for (Target t : targets.values()) if (t.counts().inFlight()) return true;
        return false;
    }

    static Map<String, Object> none() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("copied", 0);
        return out;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
