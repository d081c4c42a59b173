package dev.warden.cli;

import dev.warden.failures.AffectedModel;
import dev.warden.failures.AttackParams;
import dev.warden.failures.AvidTaxonomy;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.Reference;
import dev.warden.failures.Severity;
import dev.warden.failures.Status;
import dev.warden.failures.store.AddResult;
import dev.warden.failures.store.IdempotencyKeys;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipCodec;
import dev.warden.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Record a failure case; --request takes the inputs of an OIP v2 infer request body as its evidence. Prints the new id;"
                + " with --idempotency-key, a repeated add prints the first one's id and stores nothing.")
final class FailuresAddCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    FailuresCommand.Db db;

    @Option(names = "--title", required = true) String title;
    @Option(names = "--description") String description;
    @Option(names = "--model", required = true, description = "the affected model's name") String model;
    @Option(names = "--model-versions", description = "versions affected (default: *)") String modelVersions;
    @Option(names = "--model-sha256", description = "SHA-256 of the model file") String modelSha256;
    @Option(names = "--task") String task;
    @Option(names = "--modality") String modality;
    @Option(names = "--class", defaultValue = "other",
            description = "digital_evasion, physical_input, spoofed_input, out_of_distribution, temporal_instability, cascade, extraction, other")
    String failureClass;
    @Option(names = "--atlas", description = "ATLAS technique id (repeatable), e.g. AML.T0043.001") List<String> atlas = new ArrayList<>();
    @Option(names = "--risk-domain", description = "AVID risk domain (repeatable)") List<String> riskDomain = new ArrayList<>();
    @Option(names = "--sep", description = "AVID SEP view entry (repeatable)") List<String> sep = new ArrayList<>();
    @Option(names = "--lifecycle", description = "AVID lifecycle view entry (repeatable)") List<String> lifecycle = new ArrayList<>();
    @Option(names = "--severity", defaultValue = "unknown") String severity;
    @Option(names = "--status", defaultValue = "new") String status;
    @Option(names = "--request", paramLabel = "FILE", description = "OIP v2 infer request JSON whose inputs are the evidence") Path request;
    @Option(names = "--expected-label", description = "the class the system should have given") Integer expected;
    @Option(names = "--observed-label", description = "the class it gave") Integer observed;
    @Option(names = "--threat-model") String threatModel;
    @Option(names = "--attack") String attack;
    @Option(names = "--norm") String norm;
    @Option(names = "--eps") Double eps;
    @Option(names = "--queries") Long queries;
    @Option(names = "--seed") Long seed;
    @Option(names = "--mitigation", description = "the policy rule that covers it") String mitigation;
    @Option(names = "--reference", paramLabel = "URL", description = "repeatable") List<String> references = new ArrayList<>();
    @Option(names = "--reporter") String reporter;
    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "retry-safe: the same key with the same record returns the first record; with another record it is an error")
    String idempotencyKey;

    @Override
    public Integer call() throws Exception {
        FailureCaseBuilder b;
        try {
            b = FailureCaseBuilder.forModel(new AffectedModel(model, modelVersions, modelSha256))
                    .title(title).description(description).task(task).modality(modality)
                    .failureClass(FailureClass.parse(failureClass)).atlas(atlas)
                    .avid(new AvidTaxonomy(riskDomain, sep, lifecycle, null))
                    .severity(Severity.parse(severity)).status(Status.parse(status))
                    .threatModel(threatModel).attack(new AttackParams(attack, norm, eps, queries, seed))
                    .mitigation(mitigation).reporter(reporter);
            atlas.forEach(dev.warden.failures.AtlasIds::requireTechnique);
            for (String url : references) b.reference(new Reference("source", null, url));
            if (expected != null) b.expected(FailureCaseBuilder.label(expected, null));
            if (observed != null) b.observed(FailureCaseBuilder.label(observed, null));
        } catch (IllegalArgumentException e) {
            throw FailuresCommand.usage(spec, e.getMessage());
        }
        if (request != null) {
            if (!Files.isRegularFile(request)) throw FailuresCommand.usage(spec, "no such file: " + request);
            InferRequest parsed = OipCodec.parseRequest(Files.readAllBytes(request));
            for (Tensor t : parsed.inputs()) b.input(t);
        }
        if (idempotencyKey != null && !IdempotencyKeys.isValid(idempotencyKey)) {
            throw FailuresCommand.usage(spec, "--idempotency-key must be " + IdempotencyKeys.RULE);
        }
        // The same key with another record fails (exit 1) with the store's message, naming the first record.
        AddResult added = db.open().add(b.build(), idempotencyKey);
        FailureRecord r = added.record();
        if (!added.created()) spec.commandLine().getErr().println("warden: already recorded as " + r.id() + " under idempotency key " + idempotencyKey + "; nothing stored");
        System.out.println(r.id());
        return 0;
    }
}
