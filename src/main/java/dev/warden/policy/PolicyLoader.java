package dev.warden.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.guard.Mode;
import dev.warden.guard.Reveal;
import dev.warden.guard.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy YAML file into a validated {@link Policy}. Every error names the file and the field
 * ({@code server.rateLimit.burst}, {@code defenses[1].mode}, ...). Defense settings are kept as trees here;
 * the defense registry binds and validates them against each defense's config record.
 */
public final class PolicyLoader {
    /** The tiers every policy has unless it redefines them. */
    public static final Map<String, Tier> BUILT_IN_TIERS = Map.of(
            "scores", new Tier(Reveal.SCORES, Tier.DEFAULT_K, null, false, false),
            "topk", new Tier(Reveal.TOPK, Tier.DEFAULT_K, 2, false, false),
            "label", new Tier(Reveal.LABEL, 1, null, false, false),
            "none", new Tier(Reveal.NONE, 1, null, false, false));

    public static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private static final Set<String> TOP_LEVEL = Set.of(
            "version", "server", "anonymous", "tiers", "accounts", "admin", "models", "defenses", "failures", "state",
            "calibration", "update");

    private PolicyLoader() {
    }

    public static Policy load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PolicyException("policy file not found: " + file);
        } catch (IOException e) {
            throw new PolicyException("cannot read policy " + file + ": " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base);
    }

    public static Policy parse(String yaml, String sourceName, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new PolicyException(sourceName + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) throw new PolicyException(sourceName + ": a policy is a YAML mapping");
        root.fieldNames().forEachRemaining(f -> {
            if (!TOP_LEVEL.contains(f)) {
                throw new PolicyException(sourceName + ": " + f + ": unknown field (known: " + String.join(", ", new java.util.TreeSet<>(TOP_LEVEL)) + ")");
            }
        });
        int version = root.path("version").asInt(1);
        if (version != 1) throw new PolicyException(sourceName + ": version: only version 1 is supported, not " + root.get("version"));

        ServerSettings server = bind(root, "server", ServerSettings.class, sourceName, ServerSettings.defaults());
        AnonymousAccess anonymous = bind(root, "anonymous", AnonymousAccess.class, sourceName, AnonymousAccess.denied());
        AdminAccess admin = bind(root, "admin", AdminAccess.class, sourceName, AdminAccess.none());
        FailuresSettings failures = bind(root, "failures", FailuresSettings.class, sourceName, FailuresSettings.defaults());
        StateSettings state = bind(root, "state", StateSettings.class, sourceName, StateSettings.defaults());
        UpdateSettings update = bind(root, "update", UpdateSettings.class, sourceName, UpdateSettings.defaults());
        Map<String, Tier> tiers = new LinkedHashMap<>(BUILT_IN_TIERS);
        JsonNode tierNode = root.get("tiers");
        if (tierNode != null && !tierNode.isNull()) {
            if (!tierNode.isObject()) throw new PolicyException(sourceName + ": tiers: must be a mapping of tier name to settings");
            tierNode.fields().forEachRemaining(e ->
                    tiers.put(e.getKey(), bindNode(e.getValue(), "tiers." + e.getKey(), Tier.class, sourceName)));
        }
        List<AccountConfig> accounts = bindList(root, "accounts", AccountConfig.class, sourceName);
        List<ModelConfig> models = models(root.get("models"), sourceName);
        List<DefenseSpec> defenses = defenses(root.get("defenses"), "defenses", sourceName);

        check(!models.isEmpty(), sourceName, "models", "at least one model is required");
        checkVersions(models, sourceName);
        check(models.stream().anyMatch(ModelConfig::serve), sourceName, "models", "at least one model must have serve: true");
        if (anonymous.allowed()) {
            check(tiers.containsKey(anonymous.tier()), sourceName, "anonymous.tier", "unknown tier '" + anonymous.tier() + "' (known: " + tiers.keySet() + ")");
        }
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < accounts.size(); i++) {
            AccountConfig a = accounts.get(i);
            check(tiers.containsKey(a.tier()), sourceName, "accounts[" + i + "].tier", "unknown tier '" + a.tier() + "' (known: " + tiers.keySet() + ")");
            check(ids.add(a.id()), sourceName, "accounts[" + i + "].id", "duplicate account id " + a.id());
            check(keys.add(a.keySha256()), sourceName, "accounts[" + i + "].keySha256", "the same key is given to two accounts");
        }
        JsonNode calibration = root.get("calibration");
        check(calibration == null || calibration.isNull() || (calibration.isTextual() && !calibration.asText().isBlank()),
                sourceName, "calibration", "must be the path of a calibration file (written by 'warden calibrate')");
        return new Policy(Path.of(sourceName), baseDir, server, anonymous, tiers, accounts, admin, models, defenses, failures, state,
                calibration == null || calibration.isNull() ? null : calibration.asText(), update);
    }

    /** Model entries; an entry's own {@code defenses} list is parsed like the top-level one. */
    private static List<ModelConfig> models(JsonNode node, String source) {
        List<ModelConfig> list = new ArrayList<>();
        if (node == null || node.isNull()) return list;
        if (!node.isArray()) throw new PolicyException(source + ": models: must be a list");
        for (int i = 0; i < node.size(); i++) {
            String path = "models[" + i + "]";
            JsonNode entry = node.get(i);
            JsonNode chain = null;
            if (entry.isObject() && entry.has("defenses")) {
                entry = entry.deepCopy();
                chain = ((ObjectNode) entry).remove("defenses");
            }
            ModelConfig config = bindNode(entry, path, ModelConfig.class, source);
            if (chain != null && !chain.isNull()) config = config.withDefenses(defenses(chain, path + ".defenses", source));
            list.add(config);
        }
        return list;
    }

    /**
     * Entries may share a name as versions of one model: then each names a distinct {@code version}, all are
     * served, and at most one is the {@code default}.
     */
    private static void checkVersions(List<ModelConfig> models, String source) {
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) byName.computeIfAbsent(models.get(i).name(), n -> new ArrayList<>()).add(i);
        for (Map.Entry<String, List<Integer>> e : byName.entrySet()) {
            List<Integer> entries = e.getValue();
            if (entries.size() == 1) continue;
            for (int i : entries.subList(1, entries.size())) {
                check(models.get(i).version() != null, source, "models[" + i + "].name", "duplicate model name " + e.getKey()
                        + " (entries that share a name are versions of one model: give each a version)");
            }
            Set<String> versions = new HashSet<>();
            Integer primary = null;
            for (int i : entries) {
                ModelConfig m = models.get(i);
                String at = "models[" + i + "]";
                check(m.version() != null, source, at + ".version", "required: several entries share the name " + e.getKey());
                check(versions.add(m.version()), source, at + ".version", "duplicate version " + m.version() + " of model " + e.getKey());
                check(m.serve(), source, at + ".serve", "versions of model " + e.getKey() + " are all served (a helper model has one entry)");
                if (m.isDefault()) {
                    check(primary == null, source, at + ".default", "model " + e.getKey() + " already has a default version (models[" + primary + "])");
                    primary = i;
                }
            }
        }
    }

    private static List<DefenseSpec> defenses(JsonNode node, String field, String source) {
        List<DefenseSpec> specs = new ArrayList<>();
        if (node == null || node.isNull()) return specs;
        if (!node.isArray()) throw new PolicyException(source + ": " + field + ": must be a list");
        for (int i = 0; i < node.size(); i++) {
            String path = field + "[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) throw new PolicyException(source + ": " + path + ": must be a mapping with a 'type'");
            ObjectNode settings = ((ObjectNode) entry).deepCopy();
            JsonNode type = settings.remove("type");
            if (type == null || !type.isTextual()) throw new PolicyException(source + ": " + path + ".type: is required");
            JsonNode modeNode = settings.remove("mode");
            Mode mode = Mode.ENFORCE;
            if (modeNode != null) {
                try {
                    mode = Mode.valueOf(modeNode.asText().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(source + ": " + path + ".mode: must be enforce or observe, not '" + modeNode.asText() + "'");
                }
            }
            specs.add(new DefenseSpec(type.asText(), mode, settings, path));
        }
        return specs;
    }

    private static <T> T bind(JsonNode root, String field, Class<T> type, String source, T fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return fallback;
        return bindNode(node, field, type, source);
    }

    private static <T> List<T> bindList(JsonNode root, String field, Class<T> type, String source) {
        JsonNode node = root.get(field);
        List<T> list = new ArrayList<>();
        if (node == null || node.isNull()) return list;
        if (!node.isArray()) throw new PolicyException(source + ": " + field + ": must be a list");
        for (int i = 0; i < node.size(); i++) list.add(bindNode(node.get(i), field + "[" + i + "]", type, source));
        return list;
    }

    /** Binds a subtree to a config record, turning Jackson's errors into ones that name the field. */
    public static <T> T bindNode(JsonNode node, String path, Class<T> type, String source) {
        try {
            return YAML.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new PolicyException(source + ": " + join(path, e) + ": unknown field (known: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PolicyException(source + ": " + join(path, e) + ": " + cause.getMessage());
        } catch (JsonMappingException e) {
            throw new PolicyException(source + ": " + join(path, e) + ": " + e.getOriginalMessage().lines().findFirst().orElse("invalid value"));
        } catch (IOException e) {
            throw new PolicyException(source + ": " + path + ": " + e.getMessage());
        }
    }

    private static String join(String base, JsonMappingException e) {
        StringBuilder b = new StringBuilder(base);
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) b.append('.').append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }

    private static void check(boolean ok, String source, String field, String message) {
        if (!ok) throw new PolicyException(source + ": " + field + ": " + message);
    }
}
