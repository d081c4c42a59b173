package dev.warden.update;

/** An update step that cannot be taken, with the HTTP status it maps to (400, 404, 409 or 422) and a reason code. */
public final class UpdateRefused extends RuntimeException {
    private final int status;
    private final String reason;

    UpdateRefused(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
