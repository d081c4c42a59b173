-- Bytes a record takes: its evidence JSON plus the blobs its evidence uses (a blob shared by two records counts
-- for each). The bound on captured candidates (failures.captureMaxBytes) adds these up.
ALTER TABLE failures ADD COLUMN size_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE failures SET size_bytes = OCTET_LENGTH(evidence)
    + COALESCE((SELECT SUM(OCTET_LENGTH(b.data)) FROM evidence_blobs e JOIN blobs b ON b.sha256 = e.sha256 WHERE e.failure_id = failures.id), 0);
-- Captured candidates, oldest first, for pruning.
CREATE INDEX failures_captured ON failures (status, created_at);

-- Idempotency keys of 'failures add --idempotency-key' and of the Idempotency-Key header: the record the first
-- request with the key stored (followed through aliases after a merge), and the SHA-256 of that request, so that
-- the same key with a different record is refused rather than answered with the first.
CREATE TABLE idempotency_keys (
    idem_key       TEXT PRIMARY KEY,
    failure_id     TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX idempotency_keys_failure ON idempotency_keys (failure_id);
