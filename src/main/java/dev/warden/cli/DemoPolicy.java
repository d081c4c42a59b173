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
 * A temporary copy of a policy with one more API-key account, for the demo's red team: the key is random,
 * the copy stores only its hash, and model and calibration paths are made absolute so the copy works from the temp folder.
 */
final class DemoPolicy {
    private DemoPolicy() {
    }

    record Copy(Path file, String key) {
    }

    static Copy withAccount(Path policy, String id, String tier) {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String key = "wk_demo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            ObjectNode root = (ObjectNode) PolicyLoader.YAML.readTree(Files.readString(policy));
            Path base = policy.toAbsolutePath().getParent();
            for (JsonNode model : root.path("models")) {
                for (String field : new String[]{"path", "sidecar"}) {
                    if (model.hasNonNull(field)) ((ObjectNode) model).put(field, base.resolve(model.get(field).asText()).normalize().toString());
                }
            }
            if (root.hasNonNull("calibration")) root.put("calibration", base.resolve(root.get("calibration").asText()).normalize().toString());
            ArrayNode accounts = root.has("accounts") && root.get("accounts").isArray() ? (ArrayNode) root.get("accounts") : root.putArray("accounts");
            accounts.addObject().put("id", id).put("keySha256", Accounts.sha256(key)).put("tier", tier);
            Path copy = Files.createTempFile("warden-demo-", ".yaml");
            copy.toFile().deleteOnExit();
            Files.writeString(copy, new YAMLMapper().writeValueAsString(root));
            return new Copy(copy, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy policy " + policy + ": " + e.getMessage(), e);
        }
    }
}
