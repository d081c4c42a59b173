package dev.warden.failures.store;

import dev.warden.failures.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

class PostgresFailureStoreIT extends FailureStoreContract {
    @Override
    protected String newDatabaseUrl() {
        return TestDatabases.postgres();
    }

    @Override
    protected void dropDatabase(String url) {
        TestDatabases.dropPostgres(url);
    }

    /** PostgreSQL has no integrity pragma: check the constraints the schema relies on and that every table reads whole. */
    @Override
    protected List<String> integrityProblems(Connection c) throws Exception {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String table : List.of("failures", "blobs", "evidence_blobs", "aliases", "id_sequence", "revision")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM evidence_blobs e LEFT JOIN blobs b ON b.sha256 = e.sha256 WHERE b.sha256 IS NULL")) {
                rs.next();
                if (rs.getLong(1) > 0) problems.add(rs.getLong(1) + " evidence rows without their blob");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM failures WHERE CAST(SUBSTRING(id, 10) AS BIGINT) > "
                    + "(SELECT next_value FROM id_sequence WHERE year = CAST(SUBSTRING(id, 5, 4) AS INTEGER))")) {
                rs.next();
                if (rs.getLong(1) > 0) problems.add(rs.getLong(1) + " ids beyond their year's sequence");
            }
        }
        return problems;
    }
}
