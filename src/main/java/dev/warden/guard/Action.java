package dev.warden.guard;

/** The guard's decision on a query, and the HTTP status it maps to. */
public enum Action {
    ALLOW(200), FLAG(200), INVALID(400), REJECT(403), LOCKOUT(429);

    private final int httpStatus;

    Action(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean answered() {
        return this == ALLOW || this == FLAG;
    }
}
