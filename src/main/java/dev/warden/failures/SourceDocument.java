package dev.warden.failures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The document a record was imported from (an AVID report or vulnerability, a CVE JSON 5 record), kept as it
 * came. A record maps only part of such a document; exporting the record in the same format starts from this
 * document, so the fields Warden does not model (AVID's {@code impact.avid.vuln_id}, a CNA's version ranges)
 * travel through unchanged. The document is copied in and out, so no caller can change what a record holds.
 */
public record SourceDocument(String format, ObjectNode document) {
    public static final String AVID = "avid";
    public static final String CVE5 = "cve5";
    public static final List<String> FORMATS = List.of(AVID, CVE5);

    public SourceDocument {
        if (!FORMATS.contains(format)) throw new IllegalArgumentException("source format must be one of " + FORMATS + ", not '" + format + "'");
        if (document == null) throw new IllegalArgumentException("source document is required");
        document = document.deepCopy();
    }

    public static SourceDocument of(String format, JsonNode document) {
        if (document == null || !document.isObject()) throw new IllegalArgumentException("source document must be a JSON object");
        return new SourceDocument(format, (ObjectNode) document);
    }

    /** A copy of the document, for a writer to change. */
    @Override
    public ObjectNode document() {
        return document.deepCopy();
    }

    public boolean is(String wanted) {
        return format.equals(wanted);
    }
}
