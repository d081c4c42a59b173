package dev.warden.defense.lockout;

import dev.warden.defense.StateOutage;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Guard;
import dev.warden.guard.Reveal;
import dev.warden.guard.Signal;
import dev.warden.guard.Tier;
import dev.warden.guard.Verdict;
import dev.warden.state.StateUnavailableException;
import dev.warden.state.StrikeRules;
import dev.warden.state.Strikes;
import dev.warden.state.Strikes.Standing;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lockout gate: before the model, a banned account gets 429 with Retry-After and an account with strikes
 * gets less revealed; after the decision, a query that any other (enforcing) defense flagged or rejected is a
 * strike, and enough strikes in the window ban the account, for longer each time. Strikes and bans live in
 * the state store under {@value #NAMESPACE}, shared by every model and, with Redis, by every replica. With
 * {@code warmup}, a fresh account's answers reveal less until it has sent enough images without a strike; with
 * {@code linked}, the accounts a detector links to a refused query are struck (or banned) along with it.
 */
public final class LockoutDefense implements Defense {
    public static final String NAME = "lockout";
    public static final String NAMESPACE = "lockout";
    public static final String REASON = "locked_out";
    private static final Logger LOG = LoggerFactory.getLogger(LockoutDefense.class);
    static final int MAX_COUNTED_IMAGES = 64;
    private static final Set<String> NOT_STRIKES = Set.of(Guard.DEFENSE_ERROR, StateOutage.REASON);

    private final LockoutConfig config;
    private final StrikeRules rules;
    private final Strikes strikes;
    private final Set<String> ignored;
    private final Set<String> trusted;
    private final Clock clock;
    private final StateOutage outage;
    private final Counter strikeCounter;
    private final Counter banCounter;
    private final Counter linkedCounter;

    /** {@code trusted}: ids of API-key accounts exempt from the warm-up and from linked strikes. */
    LockoutDefense(LockoutConfig config, Strikes strikes, Set<String> ignored, Set<String> trusted, Clock clock,
                   StateOutage outage, Counter strikeCounter, Counter banCounter, Counter linkedCounter) {
        this.config = config;
        this.rules = config.rules();
        this.strikes = strikes;
        this.ignored = Set.copyOf(ignored);
        this.trusted = Set.copyOf(trusted);
        this.linkedCounter = linkedCounter;
        this.clock = clock;
        this.outage = outage;
        this.strikeCounter = strikeCounter;
        this.banCounter = banCounter;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Action rejectAction() {
        return Action.LOCKOUT;
    }

    @Override
    public Signal beforeModel(Exchange exchange) {
        Instant now = clock.instant();
        Standing standing;
        try {
            standing = strikes.arrive(exchange.query().account().id(), now, rules, images(exchange));
        } catch (StateUnavailableException e) {
            Signal s = outage.signal(e);
            if (s != null) exchange.setRetryAfter(java.time.Duration.ofSeconds(1));
            return s;
        }
        if (standing.banned()) {
            // Whole seconds, rounded up: a client that waits as told is not refused again for a fraction.
            long seconds = Math.max(1, (standing.ban().remaining(now).toMillis() + 999) / 1000);
            exchange.setRetryAfter(java.time.Duration.ofSeconds(seconds));
            return Signal.reject(NAME, REASON, "too many suspicious queries from this account; retry after " + seconds + " s");
        }
        Reveal cap = cap(standing.strikes());
        if (config.warmup() != null && !warm(exchange, standing, now)) {
            Reveal fresh = config.warmup().level();
            if (cap == null || fresh.ordinal() > cap.ordinal()) cap = fresh;
        }
        if (cap != null) {
            Tier tier = exchange.tier();
            if (cap.ordinal() > tier.reveal().ordinal()) exchange.lowerTier(tier.withReveal(cap));
        }
        return null;
    }

    @Override
    public void onDecision(Exchange exchange, Decision decision) {
        // A protocol mistake (malformed request, unknown output, out-of-range input) is no sign of an attack:
        // no strike. Repeating it still costs the rate limit; detectors' flags and rejections are the strikes.
        if (config.warmup() != null && !decision.answered()) unanswered(exchange);
        if (NAME.equals(decision.defense()) || decision.action() == Action.INVALID) return;
        Signal cause = null;
        for (Signal s : decision.signals()) {
            if (s.verdict() == Verdict.PASS || NAME.equals(s.defense()) || ignored.contains(s.defense())
                    || exchange.observing(s.defense())) continue;
            if (s.reason() != null && NOT_STRIKES.contains(s.reason())) continue;
            cause = s;
            break;
        }
        if (cause == null) return;
        String account = exchange.query().account().id();
        Instant now = clock.instant();
        Standing after;
        try {
            after = strikes.strike(account, now, rules, cause.defense() + ":" + cause.reason());
        } catch (StateUnavailableException e) {
            outage.record(e);
            return;
        }
        strikeCounter.increment();
        logBan(account, after, now);
        if (config.linked() != null) strikeLinked(exchange.linked(cause.defense()), account, after.banned(), now, cause);
    }

    /**
     * Strikes the accounts the detector linked to this refused query, at most {@code linked.maxAccounts}, never a
     * trusted one or the account itself; bans them instead when the refused account is banned and the policy says so.
     */
    private void strikeLinked(List<String> linked, String account, boolean banned, Instant now, Signal cause) {
        int done = 0;
        for (String other : linked) {
            if (done >= config.linked().maxAccounts()) break;
            if (other.equals(account) || trusted.contains(other)) continue;
            done++;
            String reason = "linked:" + cause.defense() + ":" + cause.reason();
            Standing s;
            try {
                s = banned && config.linked().ban() ? strikes.ban(other, now, rules, reason) : strikes.strike(other, now, rules, reason);
            } catch (StateUnavailableException e) {
                outage.record(e);
                return;
            }
            linkedCounter.increment();
            logBan(other, s, now);
        }
    }

    /** Only answered queries warm an account up: a refused one (ood, invalid, locked out...) is taken back. */
    private void unanswered(Exchange exchange) {
        try {
            strikes.unanswered(exchange.query().account().id(), clock.instant(), rules, images(exchange));
        } catch (StateUnavailableException e) {
            outage.record(e);
        }
    }

    private void logBan(String account, Standing after, Instant now) {
        if (!after.banStarted()) return;
        banCounter.increment();
        LOG.warn("account \"{}\" locked out for {} s (ban {} in the escalation memory, {} strikes, last: {})", account,
                after.ban().remaining(now).toSeconds(), after.ban().level(), after.strikes(), after.ban().reason());
    }

    /**
     * Whether the account has warmed up: exempt (trusted), or it sent {@code warmup.queries} images before this request
     * since its last strike and was first seen at least {@code warmup.seconds} ago.
     */
    private boolean warm(Exchange exchange, Standing standing, Instant now) {
        if (!exchange.query().account().anonymous() && trusted.contains(exchange.query().account().id())) return true;
        WarmupConfig w = config.warmup();
        long before = standing.clean() - images(exchange);
        if (before < w.queries()) return false;
        return w.seconds() == 0 || standing.firstSeen() != null
                && !standing.firstSeen().plusSeconds(w.seconds()).isAfter(now);
    }

    /**
     * The images a request counts as for {@link LockoutConfig#queryWindow()}: its batch, read before validation, so at
     * most {@value #MAX_COUNTED_IMAGES} (a request cannot buy forgiveness for more strikes than a full batch).
     */
    private static int images(Exchange exchange) {
        long n = 1;
        for (dev.warden.tensor.Tensor t : exchange.query().inputs().values()) {
            n = t.shape().length == 0 ? 1 : t.batchSize();
            break;
        }
        return (int) Math.min(MAX_COUNTED_IMAGES, Math.max(1, n));
    }

    /** The least revealing level the strikes call for, or null when they call for none. */
    Reveal cap(int count) {
        Reveal cap = null;
        for (DegradeStep step : config.degrade()) if (count >= step.strikes()) cap = step.level();
        return cap;
    }
}
