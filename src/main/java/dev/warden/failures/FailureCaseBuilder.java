package dev.warden.failures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link FailureCase} from what an attack or a detector saw: the input tensors (stored by the
 * SHA-256 of their canonical bytes), the expected and observed outputs, and the attack's parameters.
 * {@link #adversarialExample} sets the defaults for a successful evasion found by {@code warden assess}.
 */
public final class FailureCaseBuilder {
    /** ATLAS: Craft Adversarial Data, Black-Box Optimization; Evade AI Model. */
    public static final List<String> EVASION_TECHNIQUES = List.of("AML.T0043.001", "AML.T0015");

    private final AffectedModel model;
    private String title;
    private String description = "";
    private String task;
    private String modality;
    private FailureClass failureClass = FailureClass.OTHER;
    private List<String> atlas = List.of();
    private AvidTaxonomy avid = AvidTaxonomy.empty();
    private Severity severity = Severity.UNKNOWN;
    private Status status = Status.NEW;
    private final List<EvidenceInput> inputs = new ArrayList<>();
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    private JsonNode expected;
    private JsonNode observed;
    private String threatModel;
    private AttackParams attack;
    private String mitigation;
    private final List<Reference> references = new ArrayList<>();
    private String reporter;

    private FailureCaseBuilder(AffectedModel model) {
        this.model = model;
    }

    public static FailureCaseBuilder forModel(AffectedModel model) {
        return new FailureCaseBuilder(model);
    }

    /** A successful evasion: the adversarial input, the true and the predicted class, and the attack that found it. */
    public static FailureCaseBuilder adversarialExample(AffectedModel model, Tensor adversarial, int trueClass,
                                                        String trueLabel, int predictedClass, String predictedLabel,
                                                        AttackParams attack) {
        String how = attack == null || attack.attack() == null ? "an attack" : attack.attack();
        return new FailureCaseBuilder(model)
                .title("Adversarial example: " + trueLabel + " classified as " + predictedLabel + " (" + how + ")")
                .description("An input perturbed by " + how + " within the attack's budget makes " + model.name()
                        + " predict " + predictedLabel + " for an input of class " + trueLabel + ".")
                .failureClass(FailureClass.DIGITAL_EVASION).atlas(EVASION_TECHNIQUES)
                .avid(new AvidTaxonomy(List.of("Security"), List.of("S0403: Adversarial Example"),
                        List.of("L06: Deployment"), null))
                .severity(Severity.HIGH).input(adversarial)
                .expected(label(trueClass, trueLabel)).observed(label(predictedClass, predictedLabel))
                .threatModel("black-box").attack(attack);
    }

    public static JsonNode label(int index, String name) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("label", index);
        if (name != null) n.put("name", name);
        return n;
    }

    public FailureCaseBuilder title(String v) { title = v; return this; }
    public FailureCaseBuilder description(String v) { description = v; return this; }
    public FailureCaseBuilder task(String v) { task = v; return this; }
    public FailureCaseBuilder modality(String v) { modality = v; return this; }
    public FailureCaseBuilder failureClass(FailureClass v) { failureClass = v; return this; }
    public FailureCaseBuilder atlas(List<String> v) { atlas = List.copyOf(v); return this; }
    public FailureCaseBuilder avid(AvidTaxonomy v) { avid = v; return this; }
    public FailureCaseBuilder severity(Severity v) { severity = v; return this; }
    public FailureCaseBuilder status(Status v) { status = v; return this; }
    public FailureCaseBuilder expected(JsonNode v) { expected = v; return this; }
    public FailureCaseBuilder observed(JsonNode v) { observed = v; return this; }
    public FailureCaseBuilder threatModel(String v) { threatModel = v; return this; }
    public FailureCaseBuilder attack(AttackParams v) { attack = v; return this; }
    public FailureCaseBuilder mitigation(String v) { mitigation = v; return this; }
    public FailureCaseBuilder reference(Reference v) { references.add(v); return this; }
    public FailureCaseBuilder reporter(String v) { reporter = v; return this; }

    /** Adds an input tensor to the evidence; identical bytes are stored once. */
    public FailureCaseBuilder input(Tensor t) {
        byte[] bytes = TensorBytes.encode(t);
        String sha = TensorBytes.sha256(bytes);
        List<Long> shape = new ArrayList<>();
        for (long d : t.shape()) shape.add(d);
        inputs.add(new EvidenceInput(t.name(), t.datatype(), shape, sha));
        blobs.putIfAbsent(sha, bytes);
        return this;
    }

    public FailureCase build() {
        FailureRecord record = new FailureRecord(null, null, title, description, model, task, modality, failureClass,
                atlas, avid, severity, status, new Evidence(inputs, expected, observed, threatModel, attack), mitigation,
                references, reporter, null, List.of(), null, null);
        return new FailureCase(record, blobs);
    }
}
