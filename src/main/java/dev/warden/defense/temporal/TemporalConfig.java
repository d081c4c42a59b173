package dev.warden.defense.temporal;

import dev.warden.defense.OnDetect;
import dev.warden.state.VectorBuffers;
import java.time.Duration;
import java.util.Locale;

/**
 * Settings of temporal consistency for streams (queries with a stream id and frame index): the window of
 * recent frames judged, how many frames a window needs before it is judged, the false-positive rate (over
 * benign streams) the threshold is set at, what happens to a frame of an inconsistent stream (flagged by
 * default), and the bounds of the stream state: streams kept and how long an idle one is remembered.
 * {@code streamLength} and {@code streams} size the benign streams calibration generates.
 */
public record TemporalConfig(Integer window, Integer minFrames, Double targetFpr, OnDetect action, Integer maxStreams,
                             Integer idleSeconds, Integer streamLength, Integer streams) {
    public static final int DEFAULT_WINDOW = 16;
    public static final int DEFAULT_MIN_FRAMES = 8;
    public static final double DEFAULT_TARGET_FPR = 0.01;
    public static final int DEFAULT_MAX_STREAMS = 10_000;
    public static final int DEFAULT_IDLE_SECONDS = 300;
    public static final int DEFAULT_STREAM_LENGTH = 32;
    public static final int DEFAULT_STREAMS = 2000;

    public TemporalConfig {
        window = window == null ? DEFAULT_WINDOW : window;
        minFrames = minFrames == null ? DEFAULT_MIN_FRAMES : minFrames;
        targetFpr = targetFpr == null ? DEFAULT_TARGET_FPR : targetFpr;
        action = action == null ? OnDetect.FLAG : action;
        maxStreams = maxStreams == null ? DEFAULT_MAX_STREAMS : maxStreams;
        idleSeconds = idleSeconds == null ? DEFAULT_IDLE_SECONDS : idleSeconds;
        streamLength = streamLength == null ? DEFAULT_STREAM_LENGTH : streamLength;
        streams = streams == null ? DEFAULT_STREAMS : streams;
        if (window < 2 || window > 256) throw new IllegalArgumentException("window must be between 2 and 256");
        if (minFrames < 2 || minFrames > window) throw new IllegalArgumentException("minFrames must be between 2 and window");
        if (!(targetFpr > 0 && targetFpr < 0.5)) throw new IllegalArgumentException("targetFpr must be in (0, 0.5)");
        if (maxStreams < 1) throw new IllegalArgumentException("maxStreams must be >= 1");
        if (idleSeconds < 1) throw new IllegalArgumentException("idleSeconds must be >= 1");
        if (streamLength < minFrames) throw new IllegalArgumentException("streamLength must be >= minFrames");
        if (streams < 100) throw new IllegalArgumentException("streams must be >= 100");
    }

    VectorBuffers.Limits limits() {
        return new VectorBuffers.Limits(window - 1, Duration.ofSeconds(idleSeconds), maxStreams);
    }

    String calibrationKey() {
        return String.format(Locale.ROOT, "window=%d minFrames=%d targetFpr=%s streams=%dx%d", window, minFrames, targetFpr,
                streams, streamLength);
    }
}
