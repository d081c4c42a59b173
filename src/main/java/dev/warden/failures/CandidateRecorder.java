package dev.warden.failures;

/**
 * Where the server's captured candidates go: stored within {@link CaptureBounds}, the oldest unreviewed captured
 * candidates pruned to make room. Called off the request path, by the capture queue's writer.
 */
public interface CandidateRecorder {
    /** What became of one candidate: its new id (null when refused, with the reason), and how many old ones went. */
    record Captured(String id, int pruned, String refusal) {
        public static Captured stored(String id, int pruned) {
            return new Captured(id, pruned, null);
        }

        public static Captured refused(String why) {
            return new Captured(null, 0, why);
        }

        public boolean isStored() {
            return id != null;
        }
    }

    Captured recordCandidate(FailureCase candidate, CaptureBounds bounds);
}
