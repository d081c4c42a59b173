-- The document an imported record came from (an AVID report, a CVE JSON 5 record), as JSON text
-- {"format": ..., "document": ...}; null for records made here. Exporting the record in that format starts
-- from it, so what Warden does not model survives an import and export (docs/failures.md, "Lossless exchange").
ALTER TABLE failures ADD COLUMN source TEXT;
