package dev.warden.defense.query;

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
 * {@code warden.query} for the operator (never in the response).
 */
public final class QueryDefense implements Defense {
    public static final String NAME = "query";
    public static final String REASON = "query_attack";
    private static final Logger ATTRIBUTION = LoggerFactory.getLogger("warden.query");

    private final QueryConfig config;
    private final Supplier<Fingerprinter> keyed;
    private volatile Fingerprinter fingerprinter;
    private final FingerprintIndex index;
    private final String input;
    private final Clock clock;
    private final StateOutage outage;
    private final Counter matches;

    /** {@code keyed} builds the fingerprinter with the store's secret (it may throw while the store is unreachable). */
    QueryDefense(QueryConfig config, Supplier<Fingerprinter> keyed, FingerprintIndex index, String input, Clock clock,
                 StateOutage outage, Counter matches) {
        this.config = config;
        this.keyed = keyed;
        this.index = index;
        this.input = input;
        this.clock = clock;
        this.outage = outage;
        this.matches = matches;
    }

    private Fingerprinter fingerprinter() {
        Fingerprinter f = fingerprinter;
        if (f == null) {
            f = keyed.get();
            fingerprinter = f;
        }
        return f;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Signal beforeModel(Exchange exchange) {
        Tensor t = exchange.query().inputs().get(input);
        if (t == null || !t.isNumeric() || t.size() == 0) return null;
        int batch = (int) Math.max(1, t.batchSize());
        int per = t.size() / batch;
        String account = exchange.query().account().id();
        List<Match> found;
        Fingerprinter fingerprinter;
        try {
            fingerprinter = fingerprinter();
            List<Fingerprint> prints = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) prints.add(fingerprinter.fingerprint(t.values(), i * per, per));
            found = index.matchAndAdd(prints, account, clock.instant());
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
        if (ATTRIBUTION.isWarnEnabled()) {
            ATTRIBUTION.warn("query attack suspected: model={} account=\"{}\" matched_account=\"{}\" shared={}/{} age_ms={} batch_matched={}/{}",
                    exchange.query().model(), account, best.account(), best.shared(), fingerprinter.hashes(),
                    best.age() == null ? -1 : best.age().toMillis(), matched, batch);
        }
        String message = "query resembles an earlier one (" + best.shared() + " of " + fingerprinter.hashes() + " fingerprint hashes shared)";
        double score = (double) best.shared() / fingerprinter.hashes();
        return config.action().equals(QueryConfig.REJECT) ? new Signal(NAME, Verdict.REJECT, score, REASON, message)
                : Signal.flag(NAME, score, REASON, message);
    }
}
