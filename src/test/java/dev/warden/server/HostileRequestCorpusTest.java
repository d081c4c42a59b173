package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.bench.HostileRequests;
import dev.warden.bench.RawHttp;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-request corpus ({@link HostileRequests}) against a real server on the bundled CNN: every
 * request answered within its timeout, with a 4xx (505 for an unknown HTTP version) or an ordinary answer,
 * never a 5xx or a dropped connection; the server still serves valid requests afterwards.
 */
class HostileRequestCorpusTest {
    static final int TIMEOUT_MILLIS = 10_000;

    @Test
    void everyHostileRequestGetsA4xxOrAnOrdinaryAnswerAndTheServerStillServes(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: scores}
                server: {rateLimit: {enabled: false}, bodyTimeoutMillis: 2000, headerTimeoutMillis: 2000}
                defenses: [{type: validate}, {type: harden}]
                """), null)) {
            RawHttp http = new RawHttp(URI.create(server.url()));
            double[] image = TestServer.testImages().image(0);
            List<String> failures = new ArrayList<>();
            StringBuilder table = new StringBuilder();
            for (HostileRequests.Hostile h : HostileRequests.corpus(http, "fashion-cnn", image)) {
                RawHttp.Answer a = http.exchange(h.request(), h.halfClose(), TIMEOUT_MILLIS);
                String reason = a.body().replaceAll(".*\"reason\":\"([^\"]*)\".*", "$1");
                table.append(String.format("%-28s %-48s %4d %6d ms %s%n", h.category(), h.name(), a.status(), a.millis(),
                        reason.length() > 40 ? "" : reason));
                boolean ok = (a.status() >= 200 && a.status() < 500) || a.status() == 505;
                if (!ok) failures.add(h + " -> " + a.status() + " " + a.head().lines().findFirst().orElse("") + " " + a.body());
            }
            System.out.println(table);
            assertThat(failures).isEmpty();
            RawHttp.Answer after = http.exchange(HostileRequests.valid(http, "fashion-cnn", image), false, TIMEOUT_MILLIS);
            assertThat(after.status()).as(after.body()).isEqualTo(200);
        }
    }
}
