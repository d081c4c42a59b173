package dev.warden.update;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What is stored of one model's update, so that a restarted server or another replica continues from the same
 * stage: the candidate (file, sidecar, version, the calibration made for it, the knn threshold carried over),
 * the stage and the shares of traffic, why it was rolled back, the offline report, and a sequence number that
 * grows with every change (a replica applies a record newer than the one it has).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateRecord(String model, String servingVersion, String candidateVersion, String candidatePath,
                           String candidateSidecar, String calibration, Double knnThreshold, UpdateStage stage,
                           int shadowShare, int canaryShare, String reason, long sequence, String updatedAt,
                           JsonNode report) {
    public UpdateRecord {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(candidateVersion, "candidateVersion");
        Objects.requireNonNull(stage, "stage");
    }

    UpdateRecord next(UpdateStage newStage, int newShadow, int newCanary, String newReason, String when, JsonNode newReport) {
        return new UpdateRecord(model, servingVersion, candidateVersion, candidatePath, candidateSidecar, calibration, knnThreshold,
                newStage, newShadow, newCanary, newReason, sequence + 1, when, newReport);
    }
}
