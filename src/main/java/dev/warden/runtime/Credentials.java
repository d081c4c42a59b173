package dev.warden.runtime;

import java.util.List;

/**
 * Who a request says it is, as the transport saw it: the API key (null: none given), the direct peer's
 * address, and the X-Forwarded-For value (null: none), which is believed only from a trusted proxy.
 */
public record Credentials(String apiKey, String peerAddress, String forwardedFor) {
    private static final String BEARER = "Bearer ";

    public Credentials {
        if (peerAddress == null || peerAddress.isBlank()) throw new IllegalArgumentException("peerAddress is required");
    }

    /**
     * The key of an {@code Authorization} header (HTTP) or {@code authorization} metadata entry (gRPC):
     * null when absent, else it must be {@code Bearer <key>}.
     */
    public static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) return null;
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()) || authorization.length() <= BEARER.length()) {
            throw new InferenceException(InferenceException.Status.UNAUTHENTICATED,
                    "the Authorization header must be 'Bearer <key>'", "invalid_api_key", null);
        }
        return authorization.substring(BEARER.length()).trim();
    }

    /** The address anonymous traffic is keyed by: the peer, or the last X-Forwarded-For hop when the peer is a trusted proxy. */
    public String sourceAddress(List<String> trustedProxies) {
        if (!trustedProxies.isEmpty() && trustedProxies.contains(peerAddress) && forwardedFor != null && !forwardedFor.isBlank()) {
            String[] hops = forwardedFor.split(",");
            return hops[hops.length - 1].trim();
        }
        return peerAddress;
    }
}
