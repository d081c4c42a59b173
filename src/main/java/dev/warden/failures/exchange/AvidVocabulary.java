package dev.warden.failures.exchange;

import dev.warden.failures.FailureClass;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * AVID's published enumerations (avidtools' SepEnum and LifecycleEnum, taxonomy 0.2), keyed by code, so
 * that the spellings found in public reports ("P0200: Model Issues", "E0100: Bias/Discrimination") map to
 * one canonical entry; and which of Warden's failure classes a SEP entry implies (never the reverse: an
 * export writes only the entries a record has).
 */
final class AvidVocabulary {
    static final Map<String, String> SEP = entries(
            "S0100: Software Vulnerability", "S0200: Supply Chain Compromise", "S0201: Model Compromise",
            "S0202: Software Compromise", "S0300: Over-permissive API", "S0301: Information Leak",
            "S0302: Excessive Queries", "S0400: Model Bypass", "S0401: Bad Features",
            "S0402: Insufficient Training Data", "S0403: Adversarial Example", "S0500: Exfiltration",
            "S0501: Model inversion", "S0502: Model theft", "S0600: Data Poisoning", "S0601: Ingest Poisoning",
            "E0100: Bias/ Discrimination", "E0101: Group fairness", "E0102: Individual fairness",
            "E0200: Explainability", "E0201: Global explanations", "E0202: Local explanations",
            "E0300: User actions", "E0301: Toxicity", "E0302: Polarization/ Exclusion", "E0400: Misinformation",
            "E0401: Deliberative Misinformation", "E0402: Generative Misinformation", "P0100: Data issues",
            "P0101: Data drift", "P0102: Concept drift", "P0103: Data entanglement", "P0104: Data quality issues",
            "P0105: Feedback loops", "P0200: Model issues", "P0201: Resilience/ Stability",
            "P0202: OOD generalization", "P0203: Scaling", "P0204: Accuracy", "P0300: Privacy",
            "P0301: Anonymization", "P0302: Randomization", "P0303: Encryption", "P0400: Safety",
            "P0401: Psychological Safety", "P0402: Physical safety", "P0403: Socioeconomic safety",
            "P0404: Environmental safety");
    static final Map<String, String> LIFECYCLE = entries(
            "L01: Business Understanding", "L02: Data Understanding", "L03: Data Preparation",
            "L04: Model Development", "L05: Evaluation", "L06: Deployment");
    static final Map<String, String> RISK_DOMAINS = Map.of("security", "Security", "ethics", "Ethics", "performance", "Performance");

    private AvidVocabulary() {
    }

    private static Map<String, String> entries(String... values) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : values) m.put(v.substring(0, v.indexOf(':')), v);
        return m;
    }

    /** The canonical spelling of an entry, found by its code; empty when the code is not in the vocabulary. */
    static Optional<String> canonical(Map<String, String> vocabulary, String entry) {
        int colon = entry.indexOf(':');
        String code = (colon < 0 ? entry : entry.substring(0, colon)).trim().toUpperCase(Locale.ROOT);
        return Optional.ofNullable(vocabulary.get(code));
    }

    static Optional<FailureClass> failureClass(String sepEntry) {
        String code = sepEntry.length() >= 5 ? sepEntry.substring(0, 5) : sepEntry;
        return Optional.ofNullable(switch (code) {
            case "S0403", "S0400" -> FailureClass.DIGITAL_EVASION;
            case "S0301", "S0302", "S0500", "S0501", "S0502" -> FailureClass.EXTRACTION;
            case "P0202", "P0101", "P0102" -> FailureClass.OUT_OF_DISTRIBUTION;
            case "P0201" -> FailureClass.TEMPORAL_INSTABILITY;
            default -> null;
        });
    }
}
