package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API refuses bad calls with a clear 4xx, never a 500. */
class UpdateAdminApiTest {
    @TempDir
    Path dir;

    @Test
    void badCallsGetClearErrors() throws Exception {
        try (UpdateServer s = UpdateServer.start(dir, UpdateServer.lightPolicy(dir, ""))) {
            assertThat(s.get("/admin/update/status", null).statusCode()).isEqualTo(401);
            assertThat(s.get("/admin/update/status", "wrong").statusCode()).isEqualTo(401);
            expect(s.get("/admin/update/status", UpdateServer.ADMIN), 404, "no_update");
            expect(s.get("/admin/update/status?model=nope", UpdateServer.ADMIN), 404, "model_not_found");
            expect(s.post("/admin/update/start", "{", UpdateServer.ADMIN), 400, "bad_request");
            expect(s.post("/admin/update/start", "{}", UpdateServer.ADMIN), 400, "candidate (a model file) is required");
            expect(s.post("/admin/update/start", "{\"candidate\": \"models/nothing.onnx\"}", UpdateServer.ADMIN), 400, "candidate_not_found");
            expect(s.post("/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 150}", UpdateServer.ADMIN), 400, "shadow must be");
            expect(s.post("/admin/update/start", "{\"candidate\": \"models/fashion-cnn.onnx\"}", UpdateServer.ADMIN), 409, "version_taken");
            expect(s.post("/admin/update/start", "{\"candidate\": \"models/wine-mlp.onnx\"}", UpdateServer.ADMIN), 422, "interface_mismatch");
            expect(s.post("/admin/update/canary", "{\"share\": 10}", UpdateServer.ADMIN), 404, "no_update");
            expect(s.post("/admin/update/canary", "{}", UpdateServer.ADMIN), 400, "share");
            expect(s.post("/admin/update/canary", "{\"share\": \"ten\"}", UpdateServer.ADMIN), 400, "share must be an integer");
            expect(s.post("/admin/update/promote", "{}", UpdateServer.ADMIN), 404, "no_update");
            expect(s.post("/admin/update/rollback", "{}", UpdateServer.ADMIN), 404, "no_update");
            s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 0}");
            expect(s.post("/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\"}", UpdateServer.ADMIN), 409, "update_in_progress");
            expect(s.post("/admin/update/canary", "{\"share\": 101}", UpdateServer.ADMIN), 400, "share must be");
            s.admin("POST", "/admin/update/rollback", "{}");
            expect(s.post("/admin/update/promote", "{}", UpdateServer.ADMIN), 409, "update_finished");
            // A shadow stage that mirrored nothing has measured nothing: promotion is refused, naming the gate.
            s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 100, \"version\": \"3\"}");
            expect(s.post("/admin/update/promote", "{}", UpdateServer.ADMIN), 409, "shadowMinRequests: shadow requests ran 0.0000 < 50.0000");
            s.admin("POST", "/admin/update/rollback", "{}");
            expect(s.post("/admin/update/rollback", "{}", UpdateServer.ADMIN), 409, "already_rolled_back");
        }
    }

    private static void expect(java.net.http.HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(text);
    }
}
