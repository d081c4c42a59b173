package dev.warden.defense;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.data.synth.OodSets;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sybil economics on policies/default.yaml with the real CNN: fresh accounts warm up before they see scores, and a
 * query refused as a query attack strikes (or, once its sender is banned, bans) the accounts whose queries it matched.
 */
class SybilEconomicsTest extends DefaultPolicyFixture {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));

    Outcome ask(Account account, double[] image) {
        Tensor t = Tensor.fp32("input", new long[]{1, 1, 28, 28}, image);
        return bench.guard().handle(new Query(null, "fashion-cnn", account, Map.of("input", t), Instant.EPOCH, null, null, List.of()));
    }

    static double[] noisy(double[] x, SplittableRandom r) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i] + 0.002 * (r.nextDouble() * 2 - 1)));
        return y;
    }

    @Test
    void aFreshScoresAccountSeesLabelsUntilAHundredOfItsQueriesWereAnswered() {
        Account fresh = new Account("fresh", "scores", false);
        String scores = bench.model().metadata().scoresOutputOrFirst();
        for (String set : List.of("uniform", "saturated", "blank", "inverted")) {
            Outcome o = ask(fresh, OodSets.generate(set, 1, 1, TEST).get(0));
            assertThat(o.decision().reason()).as("%s is refused by ood", set).isEqualTo("out_of_distribution");
        }
        int answered = 0;
        int image = 100;
        while (answered < 100) {
            Outcome o = ask(fresh, TEST.image(image++));
            if (!o.decision().answered()) continue;
            answered++;
            assertThat(o.outputs()).as("answer %d, after 4 refused images that warm nothing", answered).doesNotContainKey(scores);
            assertThat(o.outputs()).containsKey("label");
        }
        Outcome warm = ask(fresh, TEST.image(image));
        assertThat(warm.decision().answered()).isTrue();
        assertThat(warm.outputs()).as("warmed up: the tier's scores").containsKey(scores);
    }

    @Test
    void aQueryAttackStrikesTheAccountsItMatchedAndTheirBanFollowsTheSender() {
        SplittableRandom r = new SplittableRandom(7);
        Account carol = new Account("carol", "label", false);
        Account alice = new Account("alice", "label", false);
        Account sybil = new Account("sybil", "label", false);
        double[][] carols = {TEST.image(10), TEST.image(11), TEST.image(12)};
        for (double[] x : carols) assertThat(ask(carol, x).decision().answered()).isTrue();
        double[] alices = TEST.image(20);
        assertThat(ask(alice, alices).decision().answered()).isTrue();

        for (double[] x : carols) {
            Outcome o = ask(sybil, noisy(x, r));
            assertThat(o.decision().reason()).as("a near-copy of carol's query").isEqualTo("query_attack");
        }
        // The sybil's fourth strike bans it; alice's query, which this one matched, is banned with it.
        assertThat(ask(sybil, noisy(alices, r)).decision().reason()).isEqualTo("query_attack");
        assertThat(ask(sybil, TEST.image(30)).decision().action()).isEqualTo(Action.LOCKOUT);
        assertThat(ask(alice, TEST.image(31)).decision().action()).as("banned with the sender it was linked to").isEqualTo(Action.LOCKOUT);
        // Carol was linked three times: three strikes, the degradation's last step, not yet a ban.
        Outcome c = ask(carol, TEST.image(32));
        assertThat(c.decision().action()).isEqualTo(Action.REJECT);
        assertThat(c.decision().reason()).isEqualTo("degraded");
        assertThat(ask(new Account("dave", "label", false), TEST.image(33)).decision().answered()).as("nobody else").isTrue();
    }
}
