package dev.warden.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.TensorBytes;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.KnownInput;
import dev.warden.guard.Account;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.model.Model;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays every confirmed case of the failure database recorded for the model through the guard of each version
 * (scratch guards: the live state is not touched; each case from an account of its own). A case the serving
 * system stopped (refused, or answered with the expected label) that the candidate's system answers with
 * another label is a regression and blocks promotion; a case the serving model gets wrong and the candidate
 * model alone gets right is a fix (its hot patch is no longer needed for it).
 */
final class FailureReplay {
    private FailureReplay() {
    }

    record Result(int cases, List<Map<String, Object>> regressions, List<Map<String, Object>> fixes, List<Map<String, Object>> all) {
        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cases", cases);
            out.put("regressions", regressions.size());
            out.put("fixes", fixes.size());
            out.put("regressed_cases", regressions);
            out.put("fixed_cases", fixes);
            out.put("replayed", all);
            return out;
        }
    }

    static Result replay(String failuresUrl, String modelName, ScratchGuard serving, ScratchGuard candidate, String tier, Clock clock) {
        FailureDatabase db = FailureDatabase.at(failuresUrl);
        JdbcFailureStore store = db.store();
        List<Map<String, Object>> all = new ArrayList<>();
        List<Map<String, Object>> regressions = new ArrayList<>();
        List<Map<String, Object>> fixes = new ArrayList<>();
        int n = 0;
        for (KnownInput k : store.blockingInputs()) {
            Optional<FailureRecord> record = store.get(k.failureId());
            if (record.isEmpty() || !record.get().model().name().equals(modelName)) continue;
            Integer expected = expectedLabel(record.get().evidence().expected());
            Tensor t = TensorBytes.decode(k.input().name(), k.input().datatype(), k.input().shapeArray(), k.bytes());
            n++;
            String account = "update-replay-" + n;
            String old = verdict(serving, t, account, modelName, expected, clock);
            String fresh = verdict(candidate, t, account, modelName, expected, clock);
            Integer oldModel = modelOnly(serving.guard().model(), t);
            Integer newModel = modelOnly(candidate.guard().model(), t);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("failure", k.failureId());
            row.put("expected", expected);
            row.put("serving", old);
            row.put("candidate", fresh);
            row.put("serving_model_label", oldModel);
            row.put("candidate_model_label", newModel);
            all.add(row);
            boolean oldStopped = old.equals("refused") || old.equals("right");
            if (oldStopped && fresh.equals("wrong")) regressions.add(row);
            if (expected != null && oldModel != null && !oldModel.equals(expected) && expected.equals(newModel)) fixes.add(row);
        }
        return new Result(n, regressions, fixes, all);
    }

    private static String verdict(ScratchGuard guard, Tensor input, String account, String model, Integer expected, Clock clock) {
        Outcome outcome = guard.guard().handle(Query.of(model, new Account(account, "scores", false), Map.of(input.name(), input), clock.instant()));
        int[] rows = guard.lastPredicted();
        Integer predicted = rows == null ? null : rows[0];
        if (!outcome.decision().answered()) return "refused";
        if (expected == null || predicted == null) return "answered";
        return predicted.equals(expected) ? "right" : "wrong";
    }

    private static Integer modelOnly(Model model, Tensor input) {
        String scores = model.metadata().scoresOutput();
        if (scores == null) return null;
        Tensor out = model.infer(Map.of(input.name(), input)).get(scores);
        return Softmax.argmax(out.values(), 0, out.size() / (int) Math.max(1, out.batchSize()));
    }

    private static Integer expectedLabel(JsonNode expected) {
        if (expected == null || !expected.has("label") || !expected.get("label").canConvertToInt()) return null;
        return expected.get("label").asInt();
    }
}
