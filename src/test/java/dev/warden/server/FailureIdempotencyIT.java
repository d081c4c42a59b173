package dev.warden.server;

import dev.warden.failures.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FailureIdempotencyTest} over a server whose failure database is PostgreSQL. */
class FailureIdempotencyIT {
    @TempDir
    Path dir;

    @Test
    void aRetriedPostWithTheSameKeyGetsTheFirstRecordOnPostgres() throws Exception {
        String url = TestDatabases.postgres();
        try {
            FailureIdempotencyTest.retriedPostsStoreOneRecord(dir, url);
        } finally {
            TestDatabases.dropPostgres(url);
        }
    }
}
