package dev.warden.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every decision as one structured line (logfmt, on logger {@code warden.decision}; never input data)
 * and counts decisions and signals in Micrometer: {@code warden.decisions{model,action,reason}} and
 * {@code warden.signals{defense,verdict}}.
 */
public final class DecisionLog implements DecisionListener {
    private static final Logger LOG = LoggerFactory.getLogger("warden.decision");
    private final MeterRegistry registry;
    private final java.util.concurrent.ConcurrentHashMap<DecisionKey, Counter> decisions = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<SignalKey, Counter> signalCounters = new java.util.concurrent.ConcurrentHashMap<>();

    private record DecisionKey(String model, Action action, String reason) {
    }

    private record SignalKey(String defense, Verdict verdict) {
    }

    public DecisionLog(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onDecision(Exchange exchange, Decision decision) {
        Query q = exchange.query();
        // Counters are looked up once per tag combination: Micrometer's builder is too slow for every query.
        decisions.computeIfAbsent(new DecisionKey(q.model(), decision.action(), decision.reason()), k ->
                Counter.builder("warden.decisions")
                        .tag("model", k.model())
                        .tag("action", k.action().name().toLowerCase(java.util.Locale.ROOT))
                        .tag("reason", k.reason() == null ? "none" : k.reason())
                        .register(registry)).increment();
        for (Signal s : decision.signals()) {
            signalCounters.computeIfAbsent(new SignalKey(s.defense(), s.verdict()), k ->
                    Counter.builder("warden.signals").tag("defense", k.defense())
                            .tag("verdict", k.verdict().name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry)).increment();
        }
        if (LOG.isInfoEnabled()) {
            LOG.info("action={} model={} account={} query={} batch={} reason={} defense={} signals={}",
                    decision.action().name().toLowerCase(java.util.Locale.ROOT), q.model(), quote(q.account().id()),
                    q.id() == null ? "-" : quote(q.id()), batch(q), decision.reason() == null ? "-" : decision.reason(),
                    decision.defense() == null ? "-" : decision.defense(), signals(decision.signals()));
        }
    }

    private static long batch(Query q) {
        return q.inputs().values().stream().findFirst().map(t -> t.batchSize()).orElse(0L);
    }

    private static String signals(List<Signal> signals) {
        if (signals.isEmpty()) return "-";
        StringBuilder b = new StringBuilder();
        for (Signal s : signals) {
            if (b.length() > 0) b.append(',');
            b.append(s.defense()).append(':').append(s.verdict().name().toLowerCase(java.util.Locale.ROOT));
            if (s.reason() != null) b.append(':').append(s.reason());
        }
        return b.toString();
    }

    /** Quotes values a client chose, so that they cannot forge fields or lines in the log. */
    private static String quote(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length() && i < 128; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f) b.append('?');
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
