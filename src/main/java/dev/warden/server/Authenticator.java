package dev.warden.server;

import dev.warden.guard.Account;
import dev.warden.runtime.Accounts;
import io.javalin.http.Context;
import java.util.List;

/**
 * Turns a request into an {@link Account}: a valid {@code Authorization: Bearer} key, or (when the policy
 * allows) an anonymous account keyed by the source address. X-Forwarded-For is believed only when the
 * direct peer is a configured trusted proxy.
 */
final class Authenticator {
    private Authenticator() {
    }

    static Account account(Context ctx, Accounts accounts, List<String> trustedProxies) {
        String key = bearer(ctx);
        if (key != null) {
            return accounts.byKey(key).orElseThrow(() -> new ApiError(401, "invalid API key", "invalid_api_key", null));
        }
        if (!accounts.anonymousAllowed()) {
            throw new ApiError(401, "an API key is required (Authorization: Bearer <key>)", "api_key_required", null);
        }
        return accounts.anonymous(sourceAddress(ctx, trustedProxies));
    }

    static void requireAdmin(Context ctx, Accounts accounts) {
        if (!accounts.adminConfigured()) {
            throw new ApiError(403, "the admin API is disabled: no admin key is configured (policy admin.keySha256 or "
                    + Accounts.ADMIN_KEY_ENV + ")", "admin_disabled", null);
        }
        String key = bearer(ctx);
        if (key == null) throw new ApiError(401, "an admin key is required (Authorization: Bearer <key>)", "api_key_required", null);
        if (!accounts.isAdminKey(key)) throw new ApiError(401, "invalid admin key", "invalid_api_key", null);
    }

    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) return null;
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new ApiError(401, "the Authorization header must be 'Bearer <key>'", "invalid_api_key", null);
        }
        return header.substring(7).trim();
    }

    static String sourceAddress(Context ctx, List<String> trustedProxies) {
        String peer = ctx.req().getRemoteAddr();
        if (!trustedProxies.isEmpty() && trustedProxies.contains(peer)) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return hops[hops.length - 1].trim();
            }
        }
        return peer;
    }
}
