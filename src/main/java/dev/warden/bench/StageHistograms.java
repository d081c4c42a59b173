package dev.warden.bench;

import dev.warden.guard.StageTimer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** A {@link StageTimer} that keeps each stage hook's latencies (one benchmark thread), for the per-stage table. */
final class StageHistograms implements StageTimer {
    /** One stage hook's cost over the measured calls: p50, p99 and mean per call, mean per input element. */
    record Row(String stage, String hook, long calls, double p50Micros, double p99Micros, double meanMicros, double nanosPerElement) {
    }

    private static final List<String> HOOKS = List.of("before", "after", "infer");
    /** Per stage name, one histogram per hook (in {@link #HOOKS} order): no key built per call. */
    private final Map<String, Histogram[]> byStage = new LinkedHashMap<>();
    /** Nanoseconds recorded since the last {@link #takeCallTotal}: the timed part of one guarded call. */
    private long callTotal;
    /** Nanoseconds of model inference recorded since the last {@link #takeCallModel}. */
    private long callModel;

    @Override
    public void record(String model, String stage, String hook, long nanos) {
        histogram(stage, hook).recordValue(Math.max(1, nanos));
        callTotal += nanos;
        if (stage.equals("model")) callModel += nanos;
    }

    @Override
    public Recorder recorder(String model, String stage, String hook) {
        Histogram h = histogram(stage, hook);
        boolean inference = stage.equals("model");
        return nanos -> {
            h.recordValue(Math.max(1, nanos));
            callTotal += nanos;
            if (inference) callModel += nanos;
        };
    }

    /** The model inference recorded since the last call of this (0 when the guard refused before the model). */
    long takeCallModel() {
        long t = callModel;
        callModel = 0;
        return t;
    }

    /** The stage time recorded since the last call of this, so a guarded call's untimed rest can be told apart. */
    long takeCallTotal() {
        long t = callTotal;
        callTotal = 0;
        return t;
    }

    private Histogram histogram(String stage, String hook) {
        Histogram[] hooks = byStage.computeIfAbsent(stage, k -> new Histogram[HOOKS.size()]);
        int h = HOOKS.indexOf(hook);
        if (hooks[h] == null) hooks[h] = new Histogram(3_600_000_000_000L, 3);
        return hooks[h];
    }

    /** Forgets what was recorded (the warm-up); recorders handed out stay bound to their histograms. */
    void reset() {
        for (Histogram[] hooks : byStage.values()) {
            for (Histogram h : hooks) if (h != null) h.reset();
        }
    }

    /**
     * Rows in chain order ({@code order}: the stages' names), the model last; a hook's mean is over the
     * {@code queries} measured, so a hook that ran on only some of them (after an early refusal) weighs less.
     */
    List<Row> rows(List<String> order, int queries, long elements) {
        List<Row> rows = new ArrayList<>();
        List<String> names = new ArrayList<>(order);
        names.add("model");
        for (String stage : names) {
            Histogram[] hooks = byStage.get(stage);
            if (hooks == null) continue;
            for (int k = 0; k < HOOKS.size(); k++) {
                Histogram h = hooks[k];
                String hook = HOOKS.get(k);
                if (h == null || h.getTotalCount() == 0) continue;
                double mean = h.getMean() * h.getTotalCount() / queries;
                rows.add(new Row(stage, hook, h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                        mean / 1e3, mean / elements));
            }
        }
        return rows;
    }
}
