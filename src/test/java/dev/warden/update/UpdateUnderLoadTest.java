package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.model.Model;
import dev.warden.model.OnnxModel;
import dev.warden.server.TestServer;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotion and rollback while 8 client threads send batches: no request fails, and every batch is answered
 * whole by one version. The batches mix images on which versions 1 and 2 disagree, so a batch answered partly
 * by each would show classes that neither version gives for it alone.
 */
class UpdateUnderLoadTest {
    static final int THREADS = 8;
    static final int BATCH = 8;

    @TempDir
    Path dir;

    @Test
    void promoteAndRollbackUnderLoad() throws Exception {
        LabeledImages test = FashionMnist.bundledTest(UpdateServer.REPO);
        List<double[][]> batches = new ArrayList<>();
        List<int[][]> expected = new ArrayList<>();
        try (Model v1 = OnnxModel.load(UpdateServer.REPO.resolve("models/fashion-cnn.onnx"));
             Model v2 = OnnxModel.load(UpdateServer.REPO.resolve("models/fashion-cnn-v2.onnx"))) {
            List<Integer> disagree = new ArrayList<>();
            List<Integer> agree = new ArrayList<>();
            for (int i = 0; i < 600 && (disagree.size() < 40 || agree.size() < 40); i++) {
                (predict(v1, test.image(i)) != predict(v2, test.image(i)) ? disagree : agree).add(i);
            }
            for (int b = 0; b < 10; b++) {
                double[][] images = new double[BATCH][];
                int[][] classes = new int[2][BATCH];
                for (int j = 0; j < BATCH; j++) {
                    int index = j % 2 == 0 ? disagree.get((b * 4 + j / 2) % disagree.size()) : agree.get((b * 4 + j / 2) % agree.size());
                    images[j] = test.image(index);
                    classes[0][j] = predict(v1, images[j]);
                    classes[1][j] = predict(v2, images[j]);
                }
                batches.add(images);
                expected.add(classes);
            }
        }
        try (UpdateServer s = UpdateServer.start(dir, UpdateServer.lightPolicy(dir,
                // What this test checks is the answers during the switches; the latency gate would measure this test's
                // own load (p99 ratios up to 73 seen with four suites on two cores), and the shadow had no time to run.
                "update: {shadowMinRequests: 0, maxLatencyRatio: 1000}\n"))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger requests = new AtomicInteger();
            Map<String, Integer> versions = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                clients.add(pool.submit(() -> {
                    int k = thread;
                    while (!stop.get()) {
                        int b = k++ % batches.size();
                        var r = s.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("t" + thread, batches.get(b)), null);
                        requests.incrementAndGet();
                        if (r.statusCode() != 200) {
                            failures.add("HTTP " + r.statusCode() + " " + r.body());
                            continue;
                        }
                        JsonNode json = UpdateServer.json(r.body());
                        String v = json.get("model_version").asText();
                        versions.merge(v, 1, Integer::sum);
                        int[] want = expected.get(b)[v.equals("1") ? 0 : 1];
                        int[] got = classes(json);
                        if (!java.util.Arrays.equals(want, got)) {
                            failures.add("batch " + b + " answered as version " + v + " with " + java.util.Arrays.toString(got)
                                    + ", that version gives " + java.util.Arrays.toString(want));
                        }
                    }
                }));
            }
            Thread.sleep(500);
            s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 100}");
            s.admin("POST", "/admin/update/canary", "{\"share\": 100}");
            Thread.sleep(300);
            s.admin("POST", "/admin/update/promote", "{}");
            Thread.sleep(300);
            s.admin("POST", "/admin/update/rollback", "{\"reason\": \"under load\"}");
            Thread.sleep(300);
            s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 0}");
            s.admin("POST", "/admin/update/promote", "{}");
            Thread.sleep(500);
            stop.set(true);
            for (Future<?> f : clients) f.get();
            pool.shutdown();
            assertThat(failures).isEmpty();
            assertThat(versions.keySet()).containsExactlyInAnyOrder("1", "2");
            assertThat(requests.get()).isGreaterThan(50);
            s.server.updates().drainShadow(5_000);
        }
    }

    private static int predict(Model m, double[] image) {
        Tensor out = m.infer(Map.of("input", Tensor.fp32("input", new long[]{1, 1, 28, 28}, image))).get("logits");
        return dev.warden.tensor.Softmax.argmax(out.values(), 0, 10);
    }

    private static int[] classes(JsonNode json) {
        for (JsonNode out : json.get("outputs")) {
            if (out.get("name").asText().equals("class")) {
                int[] c = new int[out.get("data").size()];
                for (int i = 0; i < c.length; i++) c[i] = out.get("data").get(i).asInt();
                return c;
            }
        }
        throw new AssertionError("no class output: " + json);
    }
}
