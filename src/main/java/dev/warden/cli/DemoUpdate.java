package dev.warden.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.data.Samples;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.OipClient;
import dev.warden.policy.PolicyLoader;
import dev.warden.server.RunningServer;
import dev.warden.update.UpdateManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's last, short stage: the bundled update fashion-cnn → models/fashion-cnn-v2.onnx through offline
 * comparison, shadow traffic, a canary and promotion, on the running demo server (docs/updates.md).
 */
final class DemoUpdate {
    static final String CANDIDATE = "models/fashion-cnn-v2.onnx";
    /** The account whose traffic the update stage mirrors. */
    static final String CUSTOMER = "demo-customer";
    /** Images the update stage sends: bundled training images, which the demo's benign client (test images) never sent. */
    static final int SHADOW_IMAGES = 160;
    /** Calibration samples for the candidate: enough for the demo, a fifth of what the committed calibration used. */
    static final int CALIBRATION_SAMPLES = 2000;

    private DemoUpdate() {
    }

    /** The demo's policy copy with a data folder of its own, so the demo's update records go away with it. */
    static void isolate(Path policyCopy) {
        try {
            ObjectNode root = (ObjectNode) PolicyLoader.YAML.readTree(Files.readString(policyCopy));
            Path data = Files.createTempDirectory("warden-demo-data-");
            ObjectNode state = root.has("state") && root.get("state").isObject() ? (ObjectNode) root.get("state") : root.putObject("state");
            state.put("dataDir", data.toString());
            Files.writeString(policyCopy, new YAMLMapper().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo policy: " + e.getMessage(), e);
        }
    }

    /**
     * {@code key}: the customer's API key. Its images are training images, not the test images the benign client sent
     * earlier, which the query detector would refuse as copies (and a refused query is not mirrored).
     */
    static void run(RunningServer server, String model, String key) {
        Samples images = dev.warden.data.FashionMnist.bundledTrain(Home.dir());
        UpdateManager updates = server.updates();
        System.out.println("update: " + model + " -> " + CANDIDATE + " (offline comparison, shadow, canary, promotion; docs/updates.md)");
        Map<String, Object> status = updates.start(new UpdateManager.StartRequest(model, CANDIDATE, null, 100, null, CALIBRATION_SAMPLES));
        Map<?, ?> offline = (Map<?, ?>) status.get("offline");
        System.out.printf(Locale.ROOT, "  offline: accuracy %.4f -> %.4f, negative flip rate %.4f, BTC %.4f, BEC %.4f%n",
                offline.get("accuracy_old"), offline.get("accuracy_new"), offline.get("negative_flip_rate"), offline.get("btc"), offline.get("bec"));
        Map<?, ?> noise = (Map<?, ?>) updates.report(model).get("noise_robustness");
        if (noise != null && Boolean.TRUE.equals(noise.get("measured"))) {
            System.out.printf(Locale.ROOT, "  noise robustness: labels kept under Square's first query %.3f -> %.3f (%s)%n",
                    noise.get("kept_old"), noise.get("kept_new"), server.live().current().policy().update().maxNoiseRobustnessDrop() == null
                            ? "reported, not gated: update.maxNoiseRobustnessDrop is not set" : "gated by update.maxNoiseRobustnessDrop");
        }
        OipClient client = new OipClient(server.url(), Duration.ofSeconds(30));
        ImageQueries queries = ImageQueries.fromMetadata(client.get("/v2/models/" + model, null));
        send(client, queries, model, images, key);
        updates.drainShadow(10_000);
        Map<?, ?> shadow = (Map<?, ?>) updates.status(model).get("shadow");
        System.out.printf(Locale.ROOT, "  shadow: %s queries copied to version 2, %s dropped, label agreement %s, candidate guard reject rate %s%n",
                shadow.get("copied"), shadow.get("dropped"), fmt(shadow.get("label_agreement")), fmt(shadow.get("reject_rate_candidate")));
        updates.canary(model, 50);
        System.out.println("  canary: 50% of accounts answered by version 2");
        status = updates.promote(model);
        System.out.println("  promoted: every request is now answered by version " + status.get("answering_version") + "; gates:");
        for (Object g : (List<?>) status.get("gates")) System.out.println("    " + ((Map<?, ?>) g).get("message"));
    }

    private static void send(OipClient client, ImageQueries queries, String model, Samples samples, String key) {
        for (int i = 0; i < Math.min(samples.count(), SHADOW_IMAGES); i++) {
            client.infer(model, queries.request("update-" + i, List.of(samples.image(i))), key);
        }
    }

    private static String fmt(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : String.valueOf(v);
    }
}
