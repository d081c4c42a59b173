package dev.warden.failures.store;

import dev.warden.failures.FailureCase;
import dev.warden.failures.RecordJson;
import dev.warden.failures.TensorBytes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Idempotency keys of adds (in the manner of the IETF Idempotency-Key header): a retried add with the same key
 * gets the record the first one stored instead of a duplicate. A key is 1 to 255 visible ASCII characters.
 * What a request asks for is summed up as the SHA-256 of its record's JSON without the store-given identity
 * (id, UUID, times, aliases); the evidence JSON carries the SHA-256 of every blob.
 */
public final class IdempotencyKeys {
    public static final int MAX_LENGTH = 255;
    /** What a valid key is, for error messages. */
    public static final String RULE = "1 to " + MAX_LENGTH + " visible ASCII characters (no spaces)";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1," + MAX_LENGTH + "}");

    /** The record id and request hash stored under a key. */
    record Entry(String failureId, String requestSha256) {
    }

    private IdempotencyKeys() {
    }

    public static boolean isValid(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    static String require(String key) {
        if (!isValid(key)) throw new IllegalArgumentException("an idempotency key is " + RULE);
        return key;
    }

    static String requestSha256(FailureCase failure) {
        var r = failure.record().withIdentity(null, null, null, null).withAliases(List.of());
        return TensorBytes.sha256(RecordJson.toText(RecordJson.write(r)).getBytes(StandardCharsets.UTF_8));
    }

    static Entry find(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT failure_id, request_sha256 FROM idempotency_keys WHERE idem_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Entry(rs.getString(1), rs.getString(2)) : null;
            }
        }
    }

    static void put(Connection c, String key, String failureId, String requestSha256, Instant now) throws SQLException {
        JdbcFailureStore.update(c, "INSERT INTO idempotency_keys (idem_key, failure_id, request_sha256, created_at) VALUES (?, ?, ?, ?)",
                key, failureId, requestSha256, now.toEpochMilli());
    }

    /** Whether {@code e} is a unique-key violation: another transaction stored the same key first (PostgreSQL). */
    static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) return true;
        }
        return false;
    }
}
