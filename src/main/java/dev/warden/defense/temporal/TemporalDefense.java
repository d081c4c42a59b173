package dev.warden.defense.temporal;

import dev.warden.defense.OnDetect;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Decimals;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Query;
import dev.warden.guard.Signal;
import dev.warden.model.ModelMetadata;
import dev.warden.model.ScoresKind;
import dev.warden.state.StateUnavailableException;
import dev.warden.state.VectorBuffers;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.time.Clock;

/**
 * Temporal consistency of video streams (paper, section 3.2: "we suggest using temporal inconsistency as a
 * possible signal of an attack in progress"): for queries with a stream id and frame index, each frame's
 * class probabilities join a sliding window kept per (account, stream) in the state store — an account cannot
 * touch another's streams, and replicas sharing a store share the windows — and a window whose label flips and confidence spread, scaled and summed, exceed the calibrated
 * threshold flags (or rejects) the frame. The rows of a batch are consecutive frames. Queries without a
 * stream id pass untouched.
 */
public final class TemporalDefense implements Defense {
    public static final String NAME = "temporal";
    public static final String REASON = "temporal_inconsistency";
    private final VectorBuffers windows;
    private final StateOutage outage;
    private final TemporalCalibration calibration;
    private final int window;
    private final int minFrames;
    private final OnDetect onDetect;
    private final Clock clock;

    TemporalDefense(VectorBuffers windows, StateOutage outage, TemporalCalibration calibration, int window, int minFrames,
                    OnDetect onDetect, Clock clock) {
        this.windows = windows;
        this.outage = outage;
        this.window = window;
        this.calibration = calibration;
        this.minFrames = minFrames;
        this.onDetect = onDetect;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Signal afterModel(Exchange exchange) {
        Query q = exchange.query();
        if (q.streamId() == null || q.frameIndex() == null) return null;
        ModelMetadata meta = exchange.model();
        Tensor scores = exchange.outputs().get(meta.scoresOutputOrFirst());
        if (scores == null) throw new IllegalStateException("model returned no scores output");
        int rows = (int) Math.max(1, scores.batchSize());
        int classes = scores.size() / rows;
        double[] p = meta.scoresKind() == ScoresKind.LOGITS ? Softmax.rows(scores.values(), classes) : scores.values();
        String key = q.account().id() + '\u0000' + q.streamId();
        WindowScore.Stats worst = null;
        double worstScore = Double.NEGATIVE_INFINITY;
        try {
            for (int row = 0; row < rows; row++) {
                float[] frame = StreamReplay.frame(q.frameIndex() + row, p, row * classes, classes);
                WindowScore.Stats stats = WindowScore.of(windows.exchange(key, frame, clock.instant()), frame);
                if (stats.frames() < minFrames) continue;
                double s = stats.score(calibration.flipScale(), calibration.spreadScale());
                if (s > worstScore) {
                    worstScore = s;
                    worst = stats;
                }
            }
        } catch (StateUnavailableException e) {
            return outage.signal(e);
        }
        if (worst == null || !(worstScore > calibration.threshold())) return null;
        return onDetect.signal(NAME, worstScore / calibration.threshold(), REASON, "stream " + q.streamId() + ": " + worst.flips() + " label flips and confidence spread " + Decimals.fixed(worst.spread(), 3)
                + " over its last " + worst.frames() + " frames (score " + Decimals.fixed(worstScore, 3) + " over "
                + Decimals.fixed(calibration.threshold(), 3) + ")");
    }

    public int window() {
        return window;
    }

    public int minFrames() {
        return minFrames;
    }

    public TemporalCalibration calibration() {
        return calibration;
    }
}
