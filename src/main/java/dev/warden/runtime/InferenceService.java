package dev.warden.runtime;

import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import dev.warden.guard.Guard;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.guard.Tier;
import dev.warden.model.ModelException;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.oip.InferRequest;
import dev.warden.policy.ServerSettings;
import dev.warden.runtime.InferenceException.Status;
import dev.warden.state.RateLimiter;
import dev.warden.tensor.Tensor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-neutral request path (DESIGN.md, "Request path"): route → identify the account → read the
 * request → rate limit per image → stream parameters → the route's guard, run on the bounded inference
 * executor under the server's time limit. The HTTP routes and the gRPC front end call it; every refusal is an
 * {@link InferenceException} whose status they map onto their protocol. It takes the deployment snapshot once
 * per request, so a reload never changes a request midway.
 */
public final class InferenceService {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);
    /**
     * Stream ids key per-stream state (temporal windows, in Redis too) and appear in decision messages and
     * logs: bounded like any client-chosen key, and plain characters only (no line breaks or quotes in logs).
     */
    public static final int MAX_STREAM_ID = 128;
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_STREAM_ID + "}");

    private final Supplier<Deployment> deployments;
    private final RateLimiter rateLimiter;
    private final ExecutorService inference;
    private final Clock clock;
    private final RequestTimers timers;
    private volatile RequestObserver observer = RequestObserver.NONE;
    private volatile AnswerMapper mapper = AnswerMapper.NONE;

    /**
     * {@code inference} runs the guarded inferences (bounded: a submission it refuses is BUSY);
     * {@code deployments} gives the current snapshot.
     */
    public InferenceService(Supplier<Deployment> deployments, RateLimiter rateLimiter, ExecutorService inference, Clock clock) {
        this(deployments, rateLimiter, inference, clock, new RequestTimers(null));
    }

    /** As above, recording each request's latency by model, version and outcome in {@code timers}. */
    public InferenceService(Supplier<Deployment> deployments, RateLimiter rateLimiter, ExecutorService inference, Clock clock,
                            RequestTimers timers) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.inference = Objects.requireNonNull(inference, "inference");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Who is told about each finished request (an update's canary watch); one at a time. */
    public void observe(RequestObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** What rewrites answers before clients see them (an update's score mapping); one at a time. */
    public void mapAnswers(AnswerMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The running policy's server limits (parser limits for the transports that parse bodies). */
    public ServerSettings serverSettings() {
        return deployments.get().policy().server();
    }

    /**
     * Server readiness: a deployment is loaded and every served route's model is ready (as Triton's strict
     * readiness: a remote backend that stops answering makes the whole server not ready).
     */
    public boolean ready() {
        Deployment d = deployments.get();
        if (d == null) return false;
        for (Rollout rollout : d.rollouts().values()) {
            for (Route route : rollout.versions().values()) if (!route.guard().model().ready()) return false;
        }
        return true;
    }

    /** Whether the route for {@code model} at {@code version} can answer now; NOT_FOUND for an unknown one. */
    public boolean ready(String model, String version) {
        return route(deployments.get(), model, version).guard().model().ready();
    }

    /** The route for {@code model} at {@code version} (null: the serving one), or NOT_FOUND. */
    public Route route(String model, String version) {
        return route(deployments.get(), model, version);
    }

    /** A model's metadata as the route serves it, for an identified caller. */
    public ModelMetadata metadata(Credentials credentials, String model, String version) {
        Deployment d = deployments.get();
        Route route = route(d, model, version);
        identify(d, credentials);
        return route.metadata();
    }

    /** The outputs the identified caller's tier receives from a route: what its model metadata lists. */
    public List<TensorSpec> visibleOutputs(Credentials credentials, String model, String version) {
        Deployment d = deployments.get();
        Route route = route(d, model, version);
        Tier tier = route.tiers().get(identify(d, credentials).tier());
        return tier == null ? List.of() : Guard.outputsFor(tier, route.metadata());
    }

    /** Runs one request through the guard of the route it names. */
    public InferenceResult infer(Credentials credentials, String model, String version, InferRequest request) {
        return infer(credentials, model, version, () -> request);
    }

    /**
     * Runs one request through the guard of the route it names. {@code request} is read only once the route
     * and the account are known, so that a client without a valid key learns nothing from parse errors.
     */
    public InferenceResult infer(Credentials credentials, String model, String version, Supplier<InferRequest> request) {
        long start = System.nanoTime();
        InferenceResult result = null;
        RuntimeException failure = null;
        Route[] answering = new Route[1];
        try {
            result = guarded(credentials, model, version, request, answering);
            return result;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            recordEnd(model, version, start, answering[0], result, failure);
        }
    }

    private InferenceResult guarded(Credentials credentials, String model, String version, Supplier<InferRequest> request,
                                    Route[] answering) {
        Prepared p = prepare(credentials, model, version, request, answering);
        return answer(p, run(p.route(), p.query(), p.timeoutMillis()));
    }

    /** A request that has passed everything before the guard: its route, its query, the request and the time limit. */
    private record Prepared(Route route, Query query, InferRequest request, int timeoutMillis) {
    }

    private Prepared prepare(Credentials credentials, String model, String version, Supplier<InferRequest> request, Route[] answering) {
        Deployment d = deployments.get();
        ServerSettings settings = d.policy().server();
        route(d, model, version);
        Account account = identify(d, credentials);
        // The whole request, every image of a batch, goes to the one version the account's rollout bucket picks.
        Route route = d.rollouts().get(model).route(version, account.id()).orElseThrow();
        answering[0] = route;
        InferRequest req = request.get();
        long wait = rateLimiter.secondsToWait(account.id(), images(req), settings.rateLimit());
        if (wait > 0) throw new InferenceException(Status.RATE_LIMITED, "rate limit exceeded for this account", "rate_limited", wait);
        return new Prepared(route, query(req, route, account), req, settings.requestTimeoutMillis());
    }

    private InferenceResult answer(Prepared p, Outcome outcome) {
        Decision decision = outcome.decision();
        if (!decision.answered()) throw refusal(decision);
        return mapper.map(new InferenceResult(p.route().model(), p.route().version(), p.request().id(), new ArrayList<>(outcome.outputs().values()),
                outcome.parameters(), decision));
    }

    /** Where {@link #inferAsync} delivers a request's end: its result, or (result null) the refusal or failure. */
    public interface Completion {
        void done(InferenceResult result, RuntimeException failure);
    }

    /**
     * As {@link #infer(Credentials, String, String, Supplier)} without holding the calling thread while the guard
     * runs: {@code done} is called exactly once, on the calling thread for a refusal before the guard (unknown model,
     * key, bad request, rate limit, busy), else on the inference thread, or on the timer's at the time limit.
     */
    public void inferAsync(Credentials credentials, String model, String version, Supplier<InferRequest> request, Completion done) {
        long start = System.nanoTime();
        Route[] answering = new Route[1];
        Prepared p;
        try {
            p = prepare(credentials, model, version, request, answering);
        } catch (RuntimeException e) {
            finish(model, version, start, answering[0], null, e, done);
            return;
        }
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<Future<?>> task = new AtomicReference<>();
        ScheduledFuture<?> timer = Timers.SCHEDULER.schedule(() -> {
            if (!finished.compareAndSet(false, true)) return;
            Future<?> f = task.get();
            if (f != null) f.cancel(true);
            finish(model, version, start, p.route(), null, timedOut(p.timeoutMillis()), done);
        }, p.timeoutMillis(), TimeUnit.MILLISECONDS);
        try {
            task.set(inference.submit(() -> {
                InferenceResult result = null;
                RuntimeException failure = null;
                try {
                    result = answer(p, p.route().guard().handle(p.query()));
                } catch (ModelException m) {
                    failure = backendFailed(p.route(), m);
                } catch (RuntimeException e) {
                    failure = e;
                }
                if (!finished.compareAndSet(false, true)) return;
                timer.cancel(false);
                finish(model, version, start, p.route(), result, failure, done);
            }));
        } catch (RejectedExecutionException e) {
            if (!finished.compareAndSet(false, true)) return;
            timer.cancel(false);
            finish(model, version, start, p.route(), null, busy(), done);
        }
    }

    private void finish(String model, String version, long start, Route answering, InferenceResult result, RuntimeException failure,
                        Completion done) {
        recordEnd(model, version, start, answering, result, failure);
        done.done(result, failure);
    }

    /** A request's end in the request timers and, once a route was chosen, for the request observer (the update's canary). */
    private void recordEnd(String model, String version, long start, Route answering, InferenceResult result, RuntimeException failure) {
        String outcome = result != null ? result.decision().action().name().toLowerCase(java.util.Locale.ROOT)
                : failure instanceof InferenceException e ? e.status().name().toLowerCase(java.util.Locale.ROOT) : "error";
        long nanos = System.nanoTime() - start;
        timers.record(model, version, outcome, nanos);
        if (answering != null) {
            try {
                observer.completed(model, answering.version(), outcome, nanos);
            } catch (RuntimeException e) {
                LOG.error("request observer failed: {}", e.toString());
            }
        }
    }

    /** The timer of {@link #inferAsync}'s time limits: one daemon thread for every service, cancelled timers removed at once. */
    private static final class Timers {
        static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

        private static ScheduledThreadPoolExecutor scheduler() {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "warden-request-timer");
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            return s;
        }
    }

    private static Route route(Deployment d, String model, String version) {
        if (d.rollouts().get(model) == null) {
            throw new InferenceException(Status.NOT_FOUND, "model '" + model + "' not found", "model_not_found", null);
        }
        return d.route(model, version).orElseThrow(() -> new InferenceException(Status.NOT_FOUND,
                "model '" + model + "' has no version '" + version + "'", "model_not_found", null));
    }

    private static Account identify(Deployment d, Credentials credentials) {
        return d.accounts().identify(credentials, d.policy().server().trustedProxies());
    }

    /** Images in the request: the batch dimension of its inputs (one for inputs without one). */
    static long images(InferRequest request) {
        long images = 1;
        for (Tensor t : request.inputs()) images = Math.max(images, t.batchSize());
        return images;
    }

    private Query query(InferRequest request, Route route, Account account) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Tensor t : request.inputs()) {
            if (inputs.put(t.name(), t) != null) throw InferenceException.invalid("input '" + t.name() + "' is given twice", "duplicate_input");
        }
        Object stream = request.parameters().get("stream_id");
        Object frame = request.parameters().get("frame_index");
        if (stream != null && !(stream instanceof String)) throw InferenceException.invalid("parameter stream_id must be a string", "bad_request");
        if (stream != null && !STREAM_ID.matcher((String) stream).matches()) {
            throw InferenceException.invalid("parameter stream_id must have 1 to " + MAX_STREAM_ID
                    + " characters, each a letter, digit, '.', '_', ':' or '-'", "bad_request");
        }
        if (frame != null && !(frame instanceof Long)) throw InferenceException.invalid("parameter frame_index must be an integer", "bad_request");
        if ((stream == null) != (frame == null)) {
            throw InferenceException.invalid("parameters stream_id and frame_index go together", "bad_request");
        }
        return new Query(request.id(), route.model(), account, inputs, clock.instant(), (String) stream, (Long) frame,
                request.outputs());
    }

    private Outcome run(Route route, Query query, int timeoutMillis) {
        Future<Outcome> future;
        try {
            future = inference.submit(() -> route.guard().handle(query));
        } catch (RejectedExecutionException e) {
            throw busy();
        }
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException(Status.BUSY, "interrupted", "busy", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelException m) throw backendFailed(route, m);
            if (cause instanceof RuntimeException r) throw r;
            throw new IllegalStateException(cause);
        }
    }

    private static InferenceException busy() {
        return new InferenceException(Status.BUSY, "server busy: too many inferences in progress", "busy", 1L);
    }

    private static InferenceException timedOut(int timeoutMillis) {
        return new InferenceException(Status.TIMEOUT, "inference timed out after " + timeoutMillis + " ms", "timeout", null);
    }

    private static InferenceException backendFailed(Route route, ModelException m) {
        LOG.error("model {} version {} failed: {}", route.model(), route.version(), m.getMessage());
        return new InferenceException(Status.BACKEND_FAILED, "model backend failed", "model_error", null);
    }

    private static InferenceException refusal(Decision decision) {
        Action action = decision.action();
        Status status = switch (action) {
            case INVALID -> Status.INVALID;
            case LOCKOUT -> Status.LOCKED_OUT;
            default -> Status.REJECTED;
        };
        Long retry = decision.retryAfter() == null ? null : Math.max(1, decision.retryAfter().toSeconds());
        String message = decision.message() != null ? decision.message() : "query " + action.name().toLowerCase(java.util.Locale.ROOT);
        return new InferenceException(status, message, decision.reason(), retry, decision);
    }
}
