package dev.warden.runtime;

import dev.warden.guard.StageTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The guard's stage and model latencies as Prometheus histograms ({@code warden_guard_stage_duration_seconds} by
 * model, stage, hook). Fixed buckets from 10 us to 1 s rather than percentile histograms: a chain of ten stages
 * on several models would otherwise export thousands of series. Names come from the policy, never from clients.
 */
public final class StageTimers implements StageTimer {
    private static final Duration[] BUCKETS = {
            Duration.ofNanos(10_000), Duration.ofNanos(25_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000),
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofSeconds(1)};

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public StageTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void record(String model, String stage, String hook, long nanos) {
        timer(model, stage, hook).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The meter bound once per guard and model: a query's hook then costs one histogram update, no name lookup. */
    @Override
    public Recorder recorder(String model, String stage, String hook) {
        Timer timer = timer(model, stage, hook);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String model, String stage, String hook) {
        String key = model + '|' + stage + '|' + hook;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("warden.guard.stage.duration")
                    .description("time one stage of the guard (or the model) took for one query")
                    .tag("model", model).tag("stage", stage).tag("hook", hook)
                    .serviceLevelObjectives(BUCKETS).register(registry));
        }
        return timer;
    }
}
