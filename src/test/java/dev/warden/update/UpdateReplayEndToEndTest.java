package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.failures.AffectedModel;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.Status;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.model.Model;
import dev.warden.model.OnnxModel;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confirmed failure cases replayed through both versions' guards: a case the serving version gets right and the
 * candidate gets wrong is a regression that blocks promotion; a case only the candidate gets right is listed as fixed.
 */
class UpdateReplayEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void aRegressionBlocksPromotionAndAFixIsListed() throws Exception {
        LabeledImages test = FashionMnist.bundledTest(UpdateServer.REPO);
        int regress = -1, fix = -1;
        try (Model v1 = OnnxModel.load(UpdateServer.REPO.resolve("models/fashion-cnn.onnx"));
             Model v2 = OnnxModel.load(UpdateServer.REPO.resolve("models/fashion-cnn-v2.onnx"))) {
            for (int i = 0; i < test.count() && (regress < 0 || fix < 0); i++) {
                int y = test.label(i);
                boolean a = predict(v1, test.image(i)) == y, b = predict(v2, test.image(i)) == y;
                if (a && !b && regress < 0) regress = i;
                if (!a && b && fix < 0) fix = i;
            }
        }
        JdbcFailureStore store = JdbcFailureStore.open("jdbc:sqlite:" + dir.resolve("failures.db"));
        String regressed = store.add(confirmed(test, regress, "a negative flip")).id();
        String fixed = store.add(confirmed(test, fix, "a positive flip")).id();
        try (UpdateServer s = UpdateServer.start(dir, UpdateServer.lightPolicy(dir, ""))) {
            s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 0}");
            JsonNode replay = s.admin("GET", "/admin/update/report", null).get("replay");
            assertThat(replay.get("cases").asInt()).isEqualTo(2);
            assertThat(replay.get("regressions").asInt()).isEqualTo(1);
            assertThat(replay.get("regressed_cases").get(0).get("failure").asText()).isEqualTo(regressed);
            assertThat(replay.get("fixed_cases").get(0).get("failure").asText()).isEqualTo(fixed);
            var promote = s.post("/admin/update/promote", "{}", UpdateServer.ADMIN);
            assertThat(promote.statusCode()).isEqualTo(409);
            assertThat(promote.body()).contains("maxReplayRegressions: replay regressions 1.0000 > 0.0000");
        }
    }

    private static dev.warden.failures.FailureCase confirmed(LabeledImages test, int index, String title) {
        return FailureCaseBuilder.forModel(new AffectedModel("fashion-cnn", "*", null)).title(title).status(Status.CONFIRMED)
                .input(Tensor.fp32("input", new long[]{1, 1, 28, 28}, test.image(index)))
                .expected(FailureCaseBuilder.label(test.label(index), "class " + test.label(index))).build();
    }

    private static int predict(Model m, double[] image) {
        Tensor out = m.infer(Map.of("input", Tensor.fp32("input", new long[]{1, 1, 28, 28}, image))).get("logits");
        return Softmax.argmax(out.values(), 0, 10);
    }
}
