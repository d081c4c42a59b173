package dev.warden.server;

import dev.warden.defense.lockout.LockoutDefense;
import dev.warden.runtime.LiveDeployment;
import dev.warden.state.Ban;
import dev.warden.state.StateUnavailableException;
import dev.warden.state.Strikes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/bans}: the lockout's running bans ({@code GET}) and lifting one ({@code DELETE
 * /admin/bans/{account}}, which also forgets the account's strikes and ban history). Admin key required (the
 * {@code /admin/*} guard of {@link AdminRoutes}). With Redis the list is every replica's.
 */
final class BanRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(BanRoutes.class);
    private final LiveDeployment live;
    private final Clock clock;

    BanRoutes(LiveDeployment live, Clock clock) {
        this.live = live;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/admin/bans", this::list);
        app.delete("/admin/bans/{account}", this::lift);
    }

    private Strikes strikes() {
        return live.state().strikes(LockoutDefense.NAMESPACE);
    }

    private void list(Context ctx) {
        Instant now = clock.instant();
        List<Ban> bans;
        try {
            bans = strikes().bans(now);
        } catch (StateUnavailableException e) {
            throw new ApiError(503, "the state store is unavailable: " + e.getMessage(), "state_unavailable", 1L);
        }
        List<Map<String, Object>> out = bans.stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", b.account());
            m.put("since", b.since().toString());
            m.put("until", b.until().toString());
            m.put("retry_after_seconds", Math.max(1, b.remaining(now).toSeconds()));
            m.put("level", b.level());
            m.put("reason", b.reason());
            return m;
        }).toList();
        Json.send(ctx, 200, Map.of("bans", out));
    }

    private void lift(Context ctx) {
        String account = ctx.pathParam("account");
        boolean lifted;
        try {
            lifted = strikes().lift(account);
        } catch (StateUnavailableException e) {
            throw new ApiError(503, "the state store is unavailable: " + e.getMessage(), "state_unavailable", 1L);
        }
        if (!lifted) throw new ApiError(404, "account '" + account + "' has no ban or strikes", "not_found", null);
        LOG.warn("admin lifted the lockout of account \"{}\"", account);
        Json.send(ctx, 200, Map.of("account", account, "lifted", true));
    }
}
