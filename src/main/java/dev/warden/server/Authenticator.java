package dev.warden.server;

import dev.warden.runtime.Accounts;
import dev.warden.runtime.Credentials;
import dev.warden.runtime.InferenceException;
import io.javalin.http.Context;

/**
 * Reads who an HTTP request says it is ({@code Authorization: Bearer}, peer address, X-Forwarded-For) into
 * {@link Credentials}; the {@link dev.warden.runtime.InferenceService} turns them into an account. Admin calls
 * are checked here against the admin keys.
 */
final class Authenticator {
    private Authenticator() {
    }

    static Credentials credentials(Context ctx) {
        return new Credentials(bearer(ctx), ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
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
        try {
            return Credentials.bearer(ctx.header("Authorization"));
        } catch (InferenceException e) {
            throw OipRoutes.apiError(e);
        }
    }
}
