package dev.warden.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.model.Model;
import java.util.Map;

/**
 * A defense factory whose defense needs benign data: {@code warden calibrate} fits it and stores what it
 * returns; the factory reads it back when the policy loads. {@link #calibrationKey} names the settings (and other models) the
 * fit depends on: a policy whose key differs from the stored one has a stale calibration. A null key: with
 * these settings the defense needs no calibration.
 */
public interface Calibrated<C> {
    String calibrationKey(C config, Map<String, Model> models);

    JsonNode calibrate(C config, CalibrationInput input);
}
