package dev.warden.guard;

/** How much of a prediction a response reveals, from most to least. */
public enum Reveal {
    /** Every output (class scores as the model gives them), features only when the tier allows. */
    SCORES,
    /** The k most likely labels with rounded probabilities. */
    TOPK,
    /** The top-1 label only. */
    LABEL,
    /** Nothing but the fact that the query was answered. */
    NONE;

    /** The next step down, used when responses degrade before a lockout. */
    public Reveal less() {
        return this == NONE ? NONE : values()[ordinal() + 1];
    }
}
