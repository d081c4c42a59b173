package dev.warden.model;

/** Whether a model's class-score output holds raw logits or probabilities. */
public enum ScoresKind {
    LOGITS, PROBABILITIES
}
