package dev.warden.oip;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a remote backend answers its OIP model-ready endpoint, as last seen: readiness checks read the
 * cached answer and, when it is older than {@link #FRESH}, start one asynchronous probe (at most one in flight,
 * bounded by {@link #MAX_WAIT}), so they never wait on the backend. Triton answers ready with 200 and an empty
 * body, KServe with 200 and {@code {"ready": true}}; any other status, a body saying {@code "ready": false}, an
 * error or a timeout is not ready.
 */
final class BackendProbe {
    static final Duration FRESH = Duration.ofSeconds(2);
    static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final HttpClient http;
    private final HttpRequest request;
    private final Clock clock;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean ready;
    private volatile long checkedAtMillis;

    BackendProbe(HttpClient http, URI readyUri, String authorization, Duration timeout, boolean ready, Clock clock) {
        this.http = http;
        HttpRequest.Builder b = HttpRequest.newBuilder(readyUri).timeout(timeout.compareTo(MAX_WAIT) < 0 ? timeout : MAX_WAIT).GET();
        if (authorization != null) b.header("Authorization", authorization);
        this.request = b.build();
        this.clock = clock;
        this.ready = ready;
        this.checkedAtMillis = clock.millis();
    }

    boolean ready() {
        if (clock.millis() - checkedAtMillis >= FRESH.toMillis() && probing.compareAndSet(false, true)) {
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                record(error == null && response.statusCode() == 200 && !response.body().replace(" ", "").contains("\"ready\":false"));
                probing.set(false);
            });
        }
        return ready;
    }

    /** An inference went through: the backend answers. */
    void answered() {
        record(true);
    }

    /** An inference failed: look again at the next readiness check rather than trust the last probe. */
    void failed() {
        checkedAtMillis = 0;
    }

    private void record(boolean answering) {
        ready = answering;
        checkedAtMillis = clock.millis();
    }
}
