package dev.warden.runtime;

/**
 * Rewrites an answer before the client sees it: an update's score mapping puts a candidate version's scores on
 * the serving version's scale (docs/updates.md). Called on the request thread with the answer and its version.
 */
public interface AnswerMapper {
    AnswerMapper NONE = result -> result;

    InferenceResult map(InferenceResult result);
}
