package dev.warden.failures.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.AffectedModel;
import dev.warden.failures.CandidateRecorder;
import dev.warden.failures.CaptureBounds;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.FailureClass;
import dev.warden.failures.RecordJson;
import dev.warden.failures.TensorBytes;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import dev.warden.guard.DecisionListener;
import dev.warden.guard.Exchange;
import dev.warden.guard.Query;
import dev.warden.model.ModelMetadata;
import dev.warden.tensor.Tensor;
import dev.warden.tensor.TensorRows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records queries a detector flagged or rejected as failure candidates (status new), off the request path.
 * The request thread only offers a reference to a bounded queue (never blocks, never allocates more than
 * the entry); when the queue is full the candidate is dropped and counted. One writer thread stores the
 * candidates, skipping inputs it stored recently and, once an account has had {@code perAccountPerHour}
 * candidates stored in the hour since its first, that account's further ones. Overall, the unreviewed captured
 * candidates stay within {@link CaptureBounds} (records and bytes): the store prunes the oldest to make room.
 * Counted in {@code warden.failures.capture{result}}: queued, dropped (queue full), stored, duplicate, limited
 * (per account), pruned (old candidates deleted to make room), refused (could not fit the bounds), failed.
 * Rejections by validation (invalid input) and by the known-failure defense itself (already recorded) are not
 * candidates.
 */
public final class CaptureQueue implements DecisionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureQueue.class);
    public static final Set<String> NOT_CANDIDATES = Set.of("validate", "known-failure", "harden");
    /** Captured candidates are reported by {@code capture:<account>}. */
    public static final String REPORTER_PREFIX = "capture:";
    private static final Duration REFUSAL_LOG_INTERVAL = Duration.ofMinutes(1);

    /** {@code inputs}: the query's, or only the withheld images when the rest of the batch was answered. */
    private record Candidate(Query query, Map<String, Tensor> inputs, ModelMetadata model, Decision decision) {
    }

    private final BlockingQueue<Candidate> queue;
    private final Supplier<? extends CandidateRecorder> recorder;
    private final CaptureBounds bounds;
    private final Counter queued;
    private final Counter dropped;
    private final Counter stored;
    private final Counter duplicate;
    private final Counter limited;
    private final Counter pruned;
    private final Counter refused;
    private final Counter failed;
    private final int perAccountPerHour;
    private final Cache<String, java.util.concurrent.atomic.AtomicInteger> perAccount =
            Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(1)).build();
    private final Cache<String, Boolean> recent = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
    private final Thread writer;
    private volatile boolean closed;
    private long refusalLoggedUntil;

    /**
     * {@code recorder} is called on the writer thread, the first time a candidate arrives; {@code maxRecords} and
     * {@code maxBytes} bound the unreviewed captured candidates overall.
     */
    public CaptureQueue(Supplier<? extends CandidateRecorder> recorder, int capacity, int perAccountPerHour,
                        int maxRecords, long maxBytes, MeterRegistry metrics) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.perAccountPerHour = perAccountPerHour;
        this.recorder = recorder;
        this.bounds = new CaptureBounds(REPORTER_PREFIX, maxRecords, maxBytes);
        this.queued = counter(metrics, "queued");
        this.dropped = counter(metrics, "dropped");
        this.stored = counter(metrics, "stored");
        this.duplicate = counter(metrics, "duplicate");
        this.limited = counter(metrics, "limited");
        this.pruned = counter(metrics, "pruned");
        this.refused = counter(metrics, "refused");
        this.failed = counter(metrics, "failed");
        this.writer = new Thread(this::drain, "warden-failure-capture");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    private static Counter counter(MeterRegistry metrics, String result) {
        return Counter.builder("warden.failures.capture").tag("result", result).register(metrics);
    }

    // Hot path: one offer to an ArrayBlockingQueue (a lock held for a few instructions); encoding and I/O wait for the writer.
    @Override
    public void onDecision(Exchange exchange, Decision decision) {
        if (decision.action() != Action.FLAG && decision.action() != Action.REJECT) return;
        if (decision.defense() == null || NOT_CANDIDATES.contains(decision.defense())) return;
        Map<String, Tensor> inputs = exchange.query().inputs();
        if (decision.action() == Action.FLAG && !exchange.withheld().isEmpty()) {
            Map<String, Tensor> picked = new java.util.LinkedHashMap<>();
            inputs.forEach((name, t) -> picked.put(name, TensorRows.select(t, exchange.withheld().keySet())));
            inputs = picked;
        }
        if (queue.offer(new Candidate(exchange.query(), inputs, exchange.model(), decision))) queued.increment();
        else dropped.increment();
    }

    public long dropped() {
        return (long) dropped.count();
    }

    public long stored() {
        return (long) stored.count();
    }

    private void drain() {
        CandidateRecorder target = null;
        while (!closed || !queue.isEmpty()) {
            Candidate c;
            try {
                c = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) continue;
                Thread.currentThread().interrupt();
                return;
            }
            if (c == null) continue;
            try {
                if (isDuplicate(c)) {
                    duplicate.increment();
                    continue;
                }
                if (overBudget(c)) {
                    limited.increment();
                    continue;
                }
                if (target == null) target = recorder.get();
                CandidateRecorder.Captured captured = target.recordCandidate(candidate(c).build(), bounds);
                pruned.increment(captured.pruned());
                if (captured.isStored()) {
                    stored.increment();
                } else {
                    refused.increment();
                    long now = System.currentTimeMillis();
                    if (now >= refusalLoggedUntil) {
                        refusalLoggedUntil = now + REFUSAL_LOG_INTERVAL.toMillis();
                        LOG.warn("failure candidate from {} not stored: {} (logged at most once a minute; counted in "
                                + "warden.failures.capture{result=refused})", c.decision().defense(), captured.refusal());
                    }
                }
            } catch (RuntimeException e) {
                failed.increment();
                LOG.warn("failure candidate from {} not stored: {}", c.decision().defense(), e.getMessage());
            }
        }
    }

    /** Counts the candidate against its account's hour; the hour starts with the account's first candidate. */
    private boolean overBudget(Candidate c) {
        return perAccount.get(c.query().account().id(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet() > perAccountPerHour;
    }

    private boolean isDuplicate(Candidate c) {
        StringBuilder key = new StringBuilder(c.decision().defense());
        for (Tensor t : c.inputs().values()) key.append(':').append(TensorBytes.sha256(TensorBytes.encode(t)));
        return recent.asMap().putIfAbsent(key.toString(), Boolean.TRUE) != null;
    }

    private static FailureCaseBuilder candidate(Candidate c) {
        Decision d = c.decision();
        ObjectNode observed = RecordJson.MAPPER.createObjectNode();
        observed.put("action", d.action().name().toLowerCase(java.util.Locale.ROOT));
        observed.put("defense", d.defense());
        if (d.reason() != null) observed.put("reason", d.reason());
        d.signals().stream().filter(s -> s.defense().equals(d.defense())).findFirst().ifPresent(s -> observed.put("score", s.score()));
        FailureCaseBuilder b = FailureCaseBuilder.forModel(new AffectedModel(c.model().name(), c.model().version(), c.model().sha256()))
                .title("Candidate: " + d.defense() + " " + observed.get("action").asText() + " a query (" + (d.reason() == null ? "no reason" : d.reason()) + ")")
                .description(d.message() == null ? "" : d.message())
                .failureClass(classFor(d.defense())).observed(observed)
                .threatModel("observed in production").reporter(REPORTER_PREFIX + c.query().account().id());
        for (Map.Entry<String, Tensor> e : c.inputs().entrySet()) b.input(e.getValue());
        return b;
    }

    /** The failure class a detector's finding suggests; triage can change it. */
    static FailureClass classFor(String defense) {
        return switch (defense) {
            case "ood" -> FailureClass.OUT_OF_DISTRIBUTION;
            case "temporal" -> FailureClass.TEMPORAL_INSTABILITY;
            case "crosscheck" -> FailureClass.CASCADE;
            case "query", "lockout" -> FailureClass.DIGITAL_EVASION;
            default -> FailureClass.OTHER;
        };
    }

    /** Stops taking candidates and gives the writer up to {@code wait} to store those queued. */
    public void close(Duration wait) {
        closed = true;
        try {
            writer.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
