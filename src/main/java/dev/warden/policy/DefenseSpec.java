package dev.warden.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.guard.Mode;

/**
 * One entry of the policy's {@code defenses} list before its settings are bound to the defense's config
 * record: the type, the mode, the remaining settings, and where in the file it stands (for error messages).
 */
public record DefenseSpec(String type, Mode mode, JsonNode settings, String path) {
}
