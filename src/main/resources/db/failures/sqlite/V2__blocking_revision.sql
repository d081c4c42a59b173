-- Row 2 of the revision table changes only with what the known-failure defense blocks (records that are or
-- were confirmed or mitigated), so that servers need not reload it when candidates are captured.
INSERT INTO revision (id, value) VALUES (2, 0);
