package dev.warden.server.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Short-lived links to a report: a browser opens a report in a new tab, which cannot carry the admin key in a
 * header, so the console (authenticated) asks for a random 128-bit token that opens that one report for a few
 * minutes. Bounded: the oldest links are dropped first.
 */
public final class ReportLinks {
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final int MAX_LINKS = 256;

    private record Link(String report, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Link> links = new LinkedHashMap<>();

    public ReportLinks(Clock clock) {
        this.clock = clock;
    }

    public synchronized String issue(String report) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        links.put(token, new Link(report, clock.instant().plus(LIFETIME)));
        while (links.size() > MAX_LINKS) links.remove(links.keySet().iterator().next());
        return token;
    }

    /** The report a valid, unexpired token opens. */
    public synchronized Optional<String> report(String token) {
        Link link = links.get(token);
        if (link == null) return Optional.empty();
        if (clock.instant().isAfter(link.expires())) {
            links.remove(token);
            return Optional.empty();
        }
        return Optional.of(link.report());
    }
}
