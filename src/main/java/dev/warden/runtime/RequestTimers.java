package dev.warden.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request latency as Prometheus histograms ({@code warden_request_duration_seconds}), by model, version and
 * outcome (the guard's action or the refusal's status). Model names come from the URL, so only names the
 * deployment serves are used as tags (others are counted as {@code unknown}): a client cannot grow the
 * metrics without bound.
 */
public final class RequestTimers {
    private static final Duration MIN = Duration.ofMillis(1).dividedBy(10);
    private static final Duration MAX = Duration.ofSeconds(30);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    /** {@code registry} null: nothing is recorded. */
    public RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String model, String version, String outcome, long nanos) {
        if (registry == null) return;
        boolean known = !outcome.equals("not_found");
        String m = known ? model : "unknown";
        String v = !known ? "-" : version == null ? "default" : version;
        String key = m + '|' + v + '|' + outcome;
        timers.computeIfAbsent(key, k -> Timer.builder("warden.request.duration")
                .description("time from a request reaching the inference service to its answer or refusal")
                .tag("model", m).tag("version", v).tag("outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(MIN).maximumExpectedValue(MAX)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
