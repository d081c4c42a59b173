-- The failure database (docs/failures.md). Lists and nested objects are JSON text; times are epoch millis.
CREATE TABLE failures (
    id            TEXT PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    model_name    TEXT NOT NULL,
    model_versions TEXT NOT NULL,
    model_sha256  TEXT,
    task          TEXT,
    modality      TEXT,
    failure_class TEXT NOT NULL,
    atlas         TEXT NOT NULL,
    avid          TEXT NOT NULL,
    severity      TEXT NOT NULL,
    status        TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    mitigation    TEXT,
    refs          TEXT NOT NULL,
    reporter      TEXT,
    origin        TEXT,
    origin_id     TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX failures_status ON failures (status);
CREATE INDEX failures_model ON failures (model_name);

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    data   BLOB NOT NULL
);

-- Which blobs a record's evidence uses, for the known-failure defense and for bundles.
CREATE TABLE evidence_blobs (
    failure_id TEXT NOT NULL REFERENCES failures (id) ON DELETE CASCADE,
    sha256     TEXT NOT NULL REFERENCES blobs (sha256),
    PRIMARY KEY (failure_id, sha256)
);
CREATE INDEX evidence_blobs_sha ON evidence_blobs (sha256);

CREATE TABLE aliases (
    alias  TEXT PRIMARY KEY,
    target TEXT NOT NULL REFERENCES failures (id),
    uuid   TEXT
);
CREATE INDEX aliases_target ON aliases (target);

CREATE TABLE id_sequence (
    year       INTEGER PRIMARY KEY,
    next_value BIGINT NOT NULL
);

CREATE TABLE atlas_techniques (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    tactics TEXT NOT NULL,
    release TEXT NOT NULL
);

-- Bumped by every write, so that servers notice changes with one cheap read.
CREATE TABLE revision (
    id    INTEGER PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO revision (id, value) VALUES (1, 0);
