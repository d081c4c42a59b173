package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.defense.DefenseRegistry;
import dev.warden.guard.Mode;
import dev.warden.guard.Reveal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {
    static final String MODEL = "models: [{name: m, path: m.onnx}]\n";

    static Policy parse(String yaml) {
        Policy p = PolicyLoader.parse("version: 1\n" + yaml, "p.yaml", Path.of("/base"));
        DefenseRegistry.standard().check(p);
        return p;
    }

    @Test
    void bundledPoliciesLoad() {
        Policy def = PolicyLoader.load(Path.of("policies/default.yaml"));
        DefenseRegistry.standard().check(def);
        assertThat(def.model("fashion-cnn")).isPresent();
        assertThat(def.hasDefense("validate")).isTrue();
        assertThat(def.hasDefense("harden")).isTrue();
        assertThat(def.server().rateLimit().enabled()).isTrue();
        assertThat(def.resolve("../models/fashion-cnn.onnx")).isEqualTo(Path.of("models/fashion-cnn.onnx").toAbsolutePath());
        Policy pass = PolicyLoader.load(Path.of("policies/passthrough.yaml"));
        DefenseRegistry.standard().check(pass);
        assertThat(pass.anonymous().tier()).isEqualTo("scores");
        assertThat(pass.hasDefense("harden")).isFalse();
    }

    @Test
    void defaultsApplyWhenSectionsAreMissing() {
        Policy p = parse(MODEL);
        assertThat(p.server().maxRequestBytes()).isEqualTo(ServerSettings.DEFAULT_MAX_REQUEST_BYTES);
        assertThat(p.server().rateLimit().imagesPerSecond()).isEqualTo(RateLimit.DEFAULT_IMAGES_PER_SECOND);
        assertThat(p.anonymous().allowed()).isFalse();
        assertThat(p.tiers().get("label").reveal()).isEqualTo(Reveal.LABEL);
        assertThat(p.defenses()).isEmpty();
    }

    @Test
    void modeIsReadPerDefense() {
        Policy p = parse(MODEL + "defenses: [{type: validate}, {type: harden, mode: observe}]");
        assertThat(p.defenses()).extracting(DefenseSpec::mode).containsExactly(Mode.ENFORCE, Mode.OBSERVE);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "server: {rateLimit: {burst: 0}}|server.rateLimit: burst must be >= 1",
            "server: {maxRequestByte: 10}|server.maxRequestByte: unknown field",
            "server: {requestTimeoutMillis: soon}|server.requestTimeoutMillis",
            "anonymous: {allowed: true, tier: gold}|anonymous.tier: unknown tier 'gold'",
            "anonymous: {allowed: true}|anonymous: tier is required",
            "tiers: {x: {reveal: everything}}|tiers.x: reveal must be scores, topk, label or none",
            "tiers: {x: {reveal: topk, k: 0}}|tiers.x: k must be >= 1",
            "accounts: [{id: a, keySha256: abc, tier: label}]|accounts[0]: keySha256 must be the 64 hex digits",
            "accounts: [{id: a, keySha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, tier: gold}]|accounts[0].tier: unknown tier",
            "defenses: [{type: validate}, {type: teleport}]|defenses[1].type: unknown defense 'teleport'",
            "defenses: [{type: validate, mode: maybe}]|defenses[0].mode: must be enforce or observe",
            "defenses: [{type: validate, mode: observe}]|defenses[0].mode: validate cannot run in observe mode",
            "defenses: [{type: validate, maxBatch: -1}]|defenses[0]: maxBatch must be >= 1",
            "defenses: [{type: validate, maxBatc: 3}]|defenses[0].maxBatc: unknown field",
            "defenses: [{mode: enforce}]|defenses[0].type: is required",
            "colour: blue|colour: unknown field",
    })
    void errorsNameTheField(String yaml, String message) {
        assertThatThrownBy(() -> parse(MODEL + yaml)).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("p.yaml: ").hasMessageContaining(message);
    }

    @Test
    void modelsAreChecked() {
        assertThatThrownBy(() -> parse("models: []")).hasMessageContaining("models: at least one model");
        assertThatThrownBy(() -> parse("models: [{name: m, backend: tf, path: x}]")).hasMessageContaining("models[0]: backend must be onnx or oip");
        assertThatThrownBy(() -> parse("models: [{name: m, backend: oip}]")).hasMessageContaining("models[0]: url");
        assertThatThrownBy(() -> parse("models: [{name: m, path: a}, {name: m, path: b}]")).hasMessageContaining("models[1].name: duplicate");
        assertThatThrownBy(() -> parse("models: [{name: 'bad name', path: a}]")).hasMessageContaining("models[0]: name");
    }

    @Test
    void versionAndShapeOfTheFileAreChecked() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 2\n" + MODEL, "p.yaml", Path.of("/")))
                .hasMessageContaining("version: only version 1");
        assertThatThrownBy(() -> PolicyLoader.parse("- just\n- a list\n", "p.yaml", Path.of("/")))
                .hasMessageContaining("a policy is a YAML mapping");
        assertThatThrownBy(() -> PolicyLoader.parse("a: [unclosed\n", "p.yaml", Path.of("/")))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> PolicyLoader.load(Path.of("no/such/policy.yaml")))
                .hasMessageContaining("policy file not found: no/such/policy.yaml");
    }

    @Test
    void routesMayHaveTheirOwnChainCalibrationAndVersion() {
        Policy p = parse("""
                models:
                  - {name: m, path: a.onnx, version: "1"}
                  - {name: m, path: b.onnx, version: "2", default: true, calibration: b.calibration.json,
                     defenses: [{type: validate, maxBatch: 8}, {type: harden, mode: observe}]}
                  - {name: helper, path: h.onnx, serve: false}
                defenses: [{type: validate}]
                calibration: a.calibration.json
                """);
        ModelConfig first = p.models().get(0);
        ModelConfig second = p.models().get(1);
        assertThat(p.model("m")).contains(second);
        assertThat(p.forRoute(first)).isSameAs(p);
        Policy route = p.forRoute(second);
        assertThat(route.defenses()).extracting(DefenseSpec::path).containsExactly("models[1].defenses[0]", "models[1].defenses[1]");
        assertThat(route.defenses()).extracting(DefenseSpec::mode).containsExactly(Mode.ENFORCE, Mode.OBSERVE);
        assertThat(route.calibrationFile()).contains(Path.of("/base/b.calibration.json"));
        DefenseRegistry.standard().check(route);
        assertThat(parse("models: [{name: m, path: a, version: '1'}, {name: m, path: b, version: '2'}]").model("m").orElseThrow().path())
                .as("without a default, the first entry answers").isEqualTo("a");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "models: [{name: m, path: a, version: '1'}, {name: m, path: b, version: '1'}]|models[1].version: duplicate version 1 of model m",
            "models: [{name: m, path: a}, {name: m, path: b, version: '2'}]|models[0].version: required: several entries share the name m",
            "models: [{name: m, path: a, version: '1', default: true}, {name: m, path: b, version: '2', default: true}]|models[1].default: model m already has a default version (models[0])",
            "models: [{name: m, path: a, version: '1'}, {name: m, path: b, version: '2', serve: false}]|models[1].serve: versions of model m are all served",
            "models: [{name: m, path: a, version: 'v 1'}]|models[0]: version must be letters",
            "models: [{name: m, path: a, calibration: ' '}]|models[0]: calibration must be the path",
            "models: [{name: m, path: a, defenses: [{type: validate, mode: maybe}]}]|models[0].defenses[0].mode: must be enforce or observe, not 'maybe'",
            "models: [{name: m, path: a, defenses: {type: validate}}]|models[0].defenses: must be a list",
            "models: [{name: m, path: a, colour: red}]|models[0].colour: unknown field",
    })
    void routeErrorsNameTheField(String yaml, String message) {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\n" + yaml, "p.yaml", Path.of("/base"))).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("p.yaml: ").hasMessageContaining(message);
    }
}
