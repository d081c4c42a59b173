package dev.warden.failures.exchange;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The parts of a CVE JSON 5 record (schema 5.x) that Warden reads; everything else is ignored here and
 * carried by the record's source document. Absent lists read as empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Cve5Document(String dataType, Metadata cveMetadata, Containers containers) {
    Cve5Document {
        cveMetadata = cveMetadata == null ? new Metadata(null, null, null) : cveMetadata;
        containers = containers == null ? new Containers(null) : containers;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metadata(String cveId, String state, String datePublished) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Containers(Cna cna) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cna(String title, List<Description> descriptions, List<Affected> affected, List<ProblemType> problemTypes,
               List<Reference> references, List<Metric> metrics, List<Credit> credits,
               List<TaxonomyMapping> taxonomyMappings, @JsonProperty("x_warden") Extension warden) {
        Cna {
            descriptions = orEmpty(descriptions);
            affected = orEmpty(affected);
            problemTypes = orEmpty(problemTypes);
            references = orEmpty(references);
            metrics = orEmpty(metrics);
            credits = orEmpty(credits);
            taxonomyMappings = orEmpty(taxonomyMappings);
            warden = warden == null ? new Extension(null, null, null, null, null, null, null, null) : warden;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Description(String lang, String value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Affected(String product, String packageName, List<Version> versions) {
        Affected {
            versions = orEmpty(versions);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Version(String version, String status, String lessThan, String lessThanOrEqual) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProblemType(List<ProblemDescription> descriptions) {
        ProblemType {
            descriptions = orEmpty(descriptions);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProblemDescription(String description, String cweId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reference(String url, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metric(@JsonProperty("cvssV4_0") Cvss v40, @JsonProperty("cvssV3_1") Cvss v31, @JsonProperty("cvssV3_0") Cvss v30) {
        static final List<String> NAMES = List.of("cvssV4_0", "cvssV3_1", "cvssV3_0");
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cvss(String baseSeverity, Double baseScore) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Credit(String value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaxonomyMapping(String taxonomyName, String taxonomyVersion, List<Relation> taxonomyRelations) {
        TaxonomyMapping {
            taxonomyRelations = orEmpty(taxonomyRelations);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Relation(String taxonomyId, String relationshipName, String relationshipValue) {
    }

    /** {@code x_warden}: what {@link Cve5Records} writes beyond the CVE schema for a record made in a Warden. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Extension(String uuid, String status, String severity, String modelSha256, String task, String modality,
                     String mitigation, Evidence evidence) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Evidence(List<JsonNode> inputs, JsonNode expected, JsonNode observed, @JsonProperty("threat_model") String threatModel,
                    Attack attack) {
        Evidence {
            inputs = orEmpty(inputs);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Attack(String attack, String norm, Double epsilon, Long queries, Long seed) {
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
