package dev.warden.failures;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One failure case: a stable id ({@link FailureId}, null until stored), a UUID that follows the record
 * between installations, what failed and how (taxonomy, ATLAS techniques, AVID view), severity and
 * status, the reproducible evidence, the policy rule that mitigates it, references, who reported it, where
 * it was imported from, the ids merged into it, and when it was made and last changed (millisecond precision);
 * for imported records, the document they came from ({@link SourceDocument}, null for records made here).
 */
public record FailureRecord(String id, String uuid, String title, String description, AffectedModel model,
                            String task, String modality, FailureClass failureClass, List<String> atlas,
                            AvidTaxonomy avid, Severity severity, Status status, Evidence evidence,
                            String mitigation, List<Reference> references, String reporter,
                            Provenance provenance, List<String> aliases, Instant created, Instant updated,
                            SourceDocument source) {
    public FailureRecord {
        if (id != null) FailureId.require(id);
        if (title == null || title.isBlank()) throw new IllegalArgumentException("title is required");
        description = description == null ? "" : description;
        Objects.requireNonNull(model, "model");
        failureClass = failureClass == null ? FailureClass.OTHER : failureClass;
        atlas = atlas == null ? List.of() : List.copyOf(atlas);
        atlas.forEach(AtlasIds::requireTechnique);
        avid = avid == null ? AvidTaxonomy.empty() : avid;
        severity = severity == null ? Severity.UNKNOWN : severity;
        status = status == null ? Status.NEW : status;
        evidence = evidence == null ? Evidence.none() : evidence;
        references = references == null ? List.of() : List.copyOf(references);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        created = created == null ? null : Instant.ofEpochMilli(created.toEpochMilli());
        updated = updated == null ? null : Instant.ofEpochMilli(updated.toEpochMilli());
    }

    /** A record with no source document: one made here. */
    public FailureRecord(String id, String uuid, String title, String description, AffectedModel model,
                         String task, String modality, FailureClass failureClass, List<String> atlas,
                         AvidTaxonomy avid, Severity severity, Status status, Evidence evidence,
                         String mitigation, List<Reference> references, String reporter,
                         Provenance provenance, List<String> aliases, Instant created, Instant updated) {
        this(id, uuid, title, description, model, task, modality, failureClass, atlas, avid, severity, status, evidence,
                mitigation, references, reporter, provenance, aliases, created, updated, null);
    }

    public FailureRecord withIdentity(String newId, String newUuid, Instant newCreated, Instant newUpdated) {
        return new FailureRecord(newId, newUuid, title, description, model, task, modality, failureClass, atlas, avid,
                severity, status, evidence, mitigation, references, reporter, provenance, aliases, newCreated, newUpdated, source);
    }

    public FailureRecord withStatus(Status newStatus, Instant when) {
        return new FailureRecord(id, uuid, title, description, model, task, modality, failureClass, atlas, avid,
                severity, newStatus, evidence, mitigation, references, reporter, provenance, aliases, created, when, source);
    }

    public FailureRecord withProvenance(Provenance newProvenance) {
        return new FailureRecord(id, uuid, title, description, model, task, modality, failureClass, atlas, avid,
                severity, status, evidence, mitigation, references, reporter, newProvenance, aliases, created, updated, source);
    }

    public FailureRecord withAliases(List<String> newAliases) {
        return new FailureRecord(id, uuid, title, description, model, task, modality, failureClass, atlas, avid,
                severity, status, evidence, mitigation, references, reporter, provenance, newAliases, created, updated, source);
    }

    public FailureRecord withEvidence(Evidence newEvidence) {
        return new FailureRecord(id, uuid, title, description, model, task, modality, failureClass, atlas, avid,
                severity, status, newEvidence, mitigation, references, reporter, provenance, aliases, created, updated, source);
    }

    public FailureRecord withSource(SourceDocument newSource) {
        return new FailureRecord(id, uuid, title, description, model, task, modality, failureClass, atlas, avid,
                severity, status, evidence, mitigation, references, reporter, provenance, aliases, created, updated, newSource);
    }
}
