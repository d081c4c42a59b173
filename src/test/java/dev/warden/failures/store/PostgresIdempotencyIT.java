package dev.warden.failures.store;

import dev.warden.failures.TestDatabases;

class PostgresIdempotencyIT extends IdempotencyContract {
    @Override
    protected String newDatabaseUrl() {
        return TestDatabases.postgres();
    }

    @Override
    protected void dropDatabase(String url) {
        TestDatabases.dropPostgres(url);
    }
}
