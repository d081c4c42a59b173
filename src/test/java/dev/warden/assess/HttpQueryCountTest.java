package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.model.OnnxModel;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.server.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same attack with the same seed sends exactly the same queries over HTTP as in process. */
class HttpQueryCountTest {
    @Test
    void overHttpAgainstAPassthroughServerTheQueriesAreCountedAsInProcess() {
        LabeledImages data = FashionMnist.bundledTest(Path.of("."));
        try (RunningServer server = RunningServer.start(Path.of("policies/passthrough.yaml"), "127.0.0.1", 0, null);
             Target http = HttpTarget.connect(server.url(), "fashion-cnn", List.of(), Duration.ofSeconds(30), 32);
             Target local = new ModelTarget(OnnxModel.load(servedModel(Path.of("policies/passthrough.yaml"))), "model", true)) {
            List<Sample> samples = SampleSet.firstCorrect(local, data, 2).samples();
            for (String attack : new String[]{"square", "hsj"}) {
                Campaign.Spec spec = new Campaign.Spec(attack, null, new Budget(400, null), Adversary.of(1, false), 3, true);
                RunResult overHttp = new Campaign(Ticker.SYSTEM).run(http, "http", spec, samples, null);
                RunResult inProcess = new Campaign(Ticker.SYSTEM).run(local, "local", spec, samples, null);
                assertThat(overHttp.perSample()).extracting(SampleResult::queriesTotal)
                        .isEqualTo(inProcess.perSample().stream().map(SampleResult::queriesTotal).toList());
                assertThat(overHttp.perSample()).extracting(SampleResult::queries)
                        .isEqualTo(inProcess.perSample().stream().map(SampleResult::queries).toList());
                assertThat(overHttp.perSample()).extracting(SampleResult::l2)
                        .isEqualTo(inProcess.perSample().stream().map(SampleResult::l2).toList());
            }
            assertThat(http.setupQueries()).isEqualTo(1);
        }
    }

    /** The model file the policy serves as fashion-cnn, so that both sides attack the same model. */
    static Path servedModel(Path policyFile) {
        Policy policy = PolicyLoader.load(policyFile);
        return policy.resolve(policy.model("fashion-cnn").orElseThrow().path());
    }
}
