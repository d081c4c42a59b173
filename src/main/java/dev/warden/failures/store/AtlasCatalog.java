package dev.warden.failures.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MITRE ATLAS release a user loaded ({@code warden failures atlas import ATLAS.yaml}). Once one is
 * loaded, every technique id a record names must be in it; before, ids are checked against the pattern only.
 * A new import replaces the old release whole.
 */
public final class AtlasCatalog {
    public record Technique(String id, String name, List<String> tactics) {
    }

    public record Release(String version, int techniques) {
    }

    private final Database db;

    AtlasCatalog(Database db) {
        this.db = db;
    }

    static String versionOf(JsonNode root) {
        return root.path("version").asText("unknown");
    }

    /** Reads the techniques (and sub-techniques) of every matrix of an ATLAS.yaml distribution file. */
    static List<Technique> read(JsonNode root, Path yaml) {
        if (root == null || !root.path("matrices").isArray()) throw new IllegalArgumentException(yaml + " is not an ATLAS.yaml (no matrices)");
        List<Technique> out = new ArrayList<>();
        for (JsonNode matrix : root.get("matrices")) {
            for (JsonNode t : matrix.path("techniques")) {
                List<String> tactics = new ArrayList<>();
                t.path("tactics").forEach(x -> tactics.add(x.asText()));
                out.add(new Technique(t.path("id").asText(), t.path("name").asText(), tactics));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException(yaml + " lists no techniques");
        return out;
    }

    public Release load(Path yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ATLAS file " + yaml + ": " + e.getMessage());
        }
        String version = versionOf(root);
        List<Technique> techniques = read(root, yaml);
        db.transaction(c -> {
            JdbcFailureStore.update(c, "DELETE FROM atlas_techniques");
            try (PreparedStatement s = c.prepareStatement("INSERT INTO atlas_techniques (id, name, tactics, release) VALUES (?, ?, ?, ?)")) {
                for (Technique t : techniques) {
                    s.setString(1, t.id());
                    s.setString(2, t.name());
                    s.setString(3, String.join(",", t.tactics()));
                    s.setString(4, version);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
        return new Release(version, techniques.size());
    }

    public Optional<Release> release() {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT MIN(release), COUNT(*) FROM atlas_techniques");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(2) == 0 ? Optional.<Release>empty() : Optional.of(new Release(rs.getString(1), (int) rs.getLong(2)));
            }
        });
    }

    public Optional<Technique> technique(String id) {
        return db.transaction(c -> Optional.ofNullable(find(c, id)));
    }

    /** Throws naming the first technique that the loaded release does not have. */
    void check(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) return;
        String release = JdbcFailureStore.single(c, "SELECT MIN(release) FROM atlas_techniques WHERE 1 = ?", 1);
        if (release == null) return;
        for (String id : ids) {
            if (find(c, id) == null) throw new IllegalArgumentException("ATLAS technique " + id + " is not in the loaded ATLAS release " + release);
        }
    }

    private static Technique find(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, tactics FROM atlas_techniques WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return null;
                String tactics = rs.getString(3);
                return new Technique(rs.getString(1), rs.getString(2), tactics.isEmpty() ? List.of() : List.of(tactics.split(",")));
            }
        }
    }
}
