package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.Accounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The demo's policies: the bundled model it runs, with that model's policy and held-out test data; a temporary
 * copy of the policy with one more API-key account, for the red team (the key is random, the copy stores only
 * its hash); and an unguarded passthrough copy (validation only, full scores) for the attacks' baseline. Model
 * and calibration paths are made absolute so the copies work from the temp folder.
 */
final class DemoPolicy {
    private DemoPolicy() {
    }

    /** A bundled model the demo can run, with its policy and test data (paths relative to Warden's home). */
    enum Bundled {
        FASHION_CNN("fashion-cnn", "policies/default.yaml", "data/fashion-test-2000-images-idx3-ubyte.gz", true),
        SIGNS_CNN("signs-cnn", "policies/signs.yaml", "data/signs-test.npz", true),
        WINE_MLP("wine-mlp", "policies/wine.yaml", "data/wine-test.csv", false);

        final String model;
        final String policy;
        final String data;
        /** Whether the demo's attacks fit: they perturb images in [0, 1] pixel units, not raw tabular measurements. */
        final boolean images;

        Bundled(String model, String policy, String data, boolean images) {
            this.model = model;
            this.policy = policy;
            this.data = data;
            this.images = images;
        }

        static String choices() {
            return String.join(", ", java.util.Arrays.stream(values()).map(b -> b.model).toList());
        }

        /** The bundled model called {@code name}; else an IllegalArgumentException listing the choices. */
        static Bundled named(String name) {
            for (Bundled b : values()) if (b.model.equals(name)) return b;
            throw new IllegalArgumentException("--model must be one of " + choices() + ", not '" + name + "'");
        }
    }

    record Copy(Path file, String key) {
    }

    static Copy withAccount(Path policy, String id, String tier) {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String key = "wk_demo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ObjectNode root = absolute(policy);
        ArrayNode accounts = root.has("accounts") && root.get("accounts").isArray() ? (ArrayNode) root.get("accounts") : root.putArray("accounts");
        accounts.addObject().put("id", id).put("keySha256", Accounts.sha256(key)).put("tier", tier);
        return new Copy(write(root, policy), key);
    }

    /** The same models with validation only, full scores to anonymous clients and no rate limit: the unguarded baseline. */
    static Path passthrough(Path policy) {
        ObjectNode root = absolute(policy);
        ObjectNode out = PolicyLoader.YAML.createObjectNode();
        out.put("version", 1);
        out.putObject("server").putObject("rateLimit").put("enabled", false);
        out.putObject("anonymous").put("allowed", true).put("tier", "scores");
        ArrayNode models = out.putArray("models");
        for (JsonNode model : root.path("models")) {
            ObjectNode m = ((ObjectNode) model).deepCopy();
            m.remove("defenses");
            m.remove("calibration");
            models.add(m);
        }
        out.putArray("defenses").addObject().put("type", "validate");
        return write(out, policy);
    }

    private static ObjectNode absolute(Path policy) {
        try {
            ObjectNode root = (ObjectNode) PolicyLoader.YAML.readTree(Files.readString(policy));
            Path base = policy.toAbsolutePath().getParent();
            for (JsonNode model : root.path("models")) {
                for (String field : new String[]{"path", "sidecar"}) {
                    if (model.hasNonNull(field)) ((ObjectNode) model).put(field, base.resolve(model.get(field).asText()).normalize().toString());
                }
            }
            if (root.hasNonNull("calibration")) root.put("calibration", base.resolve(root.get("calibration").asText()).normalize().toString());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy policy " + policy + ": " + e.getMessage(), e);
        }
    }

    private static Path write(ObjectNode root, Path policy) {
        try {
            Path copy = Files.createTempFile("warden-demo-", ".yaml");
            copy.toFile().deleteOnExit();
            Files.writeString(copy, new YAMLMapper().writeValueAsString(root));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy policy " + policy + ": " + e.getMessage(), e);
        }
    }
}
