package dev.warden.assess.attack;

/** An attack refused at construction because its target cannot give what it needs. */
public final class UnsupportedTargetException extends IllegalArgumentException {
    public UnsupportedTargetException(String message) {
        super(message);
    }
}
