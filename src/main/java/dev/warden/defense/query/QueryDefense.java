package dev.warden.defense.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.guard.Verdict;
import dev.warden.state.Fingerprint;
import dev.warden.state.FingerprintIndex;
import dev.warden.state.FingerprintIndex.Match;
import dev.warden.state.StateUnavailableException;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful detection of query-based black-box attacks: each input (as the client sent it, before any
 * sanitizer) is fingerprinted and matched against the stored fingerprints of every account's recent
 * queries, so an attack spread over Sybil accounts is still one attack. A match (T or more shared hashes
 * with one stored query) flags or rejects the query; the accounts involved are logged on
 * {@code warden.query} for the operator (never in the response), once per pair of accounts per 10 s, and
 * every match is counted ({@code warden.query.matches{model}}). In a batch where only some images match,
 * theirs are withheld and the rest answered (a flag, so still a strike for the lockout). A frame of a camera stream from an account
 * granted streams is matched against every stored query except its own stream's earlier frames, which are
 * near-copies by nature; the stream's own consistency is {@code temporal}'s to judge.
 */
public final class QueryDefense implements Defense {
    public static final String NAME = "query";
    public static final String REASON = "query_attack";
    private static final Logger ATTRIBUTION = LoggerFactory.getLogger("warden.query");
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final int LOGGED_PAIRS = 10_000;
    /** Separates account and stream id in a stored query's owner; client stream ids never reach the log. */
    private static final char OWNER_STREAM = '\u0000';

    private final QueryConfig config;
    private final Lazy<InputFingerprinter> fingerprinter;
    private final FingerprintIndex index;
    private final String input;
    private final Clock clock;
    private final StateOutage outage;
    private final Counter matches;
    private final Cache<String, Boolean> logged;

    /** {@code keyed} builds the fingerprinter with the store's secret (it may throw while the store is unreachable). */
    QueryDefense(QueryConfig config, Supplier<InputFingerprinter> keyed, FingerprintIndex index, String input, Clock clock,
                 StateOutage outage, Counter matches) {
        this.config = config;
        this.fingerprinter = new Lazy<>(keyed);
        this.index = index;
        this.input = input;
        this.clock = clock;
        this.outage = outage;
        this.matches = matches;
        this.logged = Caffeine.newBuilder().maximumSize(LOGGED_PAIRS).expireAfterWrite(LOG_EVERY)
                .ticker(() -> clock.millis() * 1_000_000L).build();
    }

    private InputFingerprinter fingerprinter() {
        return fingerprinter.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    private static String accountOf(String owner) {
        if (owner == null) return null;
        int cut = owner.indexOf(OWNER_STREAM);
        return cut < 0 ? owner : owner.substring(0, cut);
    }

    /**
     * The other accounts whose stored queries the matched images matched, strongest match first: what the lockout
     * may strike along with this one. A stored frame of a granted stream links nobody (nor does a stream's own frame,
     * which the caller leaves out).
     */
    private List<String> linkedAccounts(List<Match> found, String account) {
        List<Match> matched = new ArrayList<>();
        for (Match m : found) if (m.shared() >= config.threshold() && m.account() != null) matched.add(m);
        matched.sort((a, b) -> Integer.compare(b.shared(), a.shared()));
        List<String> out = new ArrayList<>();
        for (Match m : matched) {
            if (m.account().indexOf(OWNER_STREAM) >= 0) continue;
            if (!m.account().equals(account) && !out.contains(m.account())) out.add(m.account());
        }
        return out;
    }

    @Override
    public Signal beforeModel(Exchange exchange) {
        Tensor t = exchange.query().inputs().get(input);
        if (t == null || !t.isNumeric() || t.size() == 0) return null;
        int batch = (int) Math.max(1, t.batchSize());
        int per = t.size() / batch;
        String account = exchange.query().account().id();
        // A granted stream's frames are matched against every other stored query, not its own earlier frames.
        boolean stream = exchange.query().streamId() != null && exchange.query().account().streams();
        String owner = stream ? account + OWNER_STREAM + exchange.query().streamId() : account;
        List<Match> found;
        InputFingerprinter fingerprinter;
        try {
            fingerprinter = fingerprinter();
            List<Fingerprint> prints = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) prints.add(fingerprinter.fingerprint(t.values(), i * per, per));
            found = index.matchAndAdd(prints, owner, stream, clock.instant());
        } catch (StateUnavailableException e) {
            return outage.signal(e);
        }
        Match best = Match.NONE;
        int matched = 0;
        for (Match m : found) {
            if (m.shared() >= config.threshold()) matched++;
            if (m.shared() > best.shared()) best = m;
        }
        if (matched == 0) return Signal.pass(NAME);
        matches.increment(matched);
        String matchedAccount = accountOf(best.account());
        if (ATTRIBUTION.isWarnEnabled() && logged.asMap().putIfAbsent(account + "\u0000" + matchedAccount, Boolean.TRUE) == null) {
            ATTRIBUTION.warn("query attack suspected: model={} account=\"{}\" matched_account=\"{}\" shared={}/{} age_ms={} batch_matched={}/{}",
                    exchange.query().model(), account, matchedAccount, best.shared(), fingerprinter.hashes(),
                    best.age() == null ? -1 : best.age().toMillis(), matched, batch);
        }
        if (config.action().equals(QueryConfig.REJECT) && !stream) exchange.link(NAME, linkedAccounts(found, account));
        String message = "query resembles an earlier one (" + best.shared() + " of " + fingerprinter.hashes() + " fingerprint hashes shared)";
        double score = (double) best.shared() / fingerprinter.hashes();
        if (!config.action().equals(QueryConfig.REJECT)) return Signal.flag(NAME, score, REASON, message);
        if (matched == found.size()) return new Signal(NAME, Verdict.REJECT, score, REASON, message);
        // Only some images of the batch match: theirs are withheld, the rest answered; still a strike (a flag).
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i).shared() >= config.threshold()) {
                rows.add(i);
                exchange.withhold(i, REASON);
            }
        }
        return Signal.flag(NAME, score, REASON, "inputs " + rows + " of the batch resemble earlier queries, their answers withheld ("
                + best.shared() + " of " + fingerprinter.hashes() + " fingerprint hashes shared)");
    }
}
