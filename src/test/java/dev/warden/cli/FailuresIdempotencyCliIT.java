package dev.warden.cli;

import dev.warden.failures.TestDatabases;
import org.junit.jupiter.api.Test;

/** {@code failures add --idempotency-key} against PostgreSQL (SQLite: {@link FailuresCommandTest}). */
class FailuresIdempotencyCliIT {
    @Test
    void anAddRetriedWithItsIdempotencyKeyPrintsTheFirstIdOnPostgres() {
        String db = TestDatabases.postgres();
        try {
            new FailuresCommandTest().retriedAddsStoreOneRecord(db);
        } finally {
            TestDatabases.dropPostgres(db);
        }
    }
}
