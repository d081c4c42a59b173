package dev.warden.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "state store: redis at redis://:s3cretPw@10.0.0.5:6379/2 (key prefix x)|state store: redis at redis://:***@10.0.0.5:6379/2 (key prefix x)",
            "redis://warden:s3cretPw@cache:6379|redis://warden:***@cache:6379",
            "rediss://s3cretPw@cache:6380|rediss://***@cache:6380",
            "jdbc:postgresql://db:5432/wfd?user=warden&password=s3cretPw&ssl=true|jdbc:postgresql://db:5432/wfd?user=warden&password=***&ssl=true",
            "jdbc:postgresql://db/wfd?password=s3cretPw|jdbc:postgresql://db/wfd?password=***",
            "postgresql://warden:s3cretPw@db/wfd|postgresql://warden:***@db/wfd",
            "jdbc:sqlserver://db;user=u;password=s3cretPw;encrypt=true|jdbc:sqlserver://db;user=u;password=***;encrypt=true",
            "failed with PASSWORD = s3cretPw, retrying|failed with PASSWORD = ***, retrying",
            "GET /x?apiKey=s3cretPw&token=abcdef HTTP/1.1|GET /x?apiKey=***&token=*** HTTP/1.1",
            "Authorization: Bearer wk_AbCdEf0123456789abcdef|Authorization: Bearer ***",
            "header Authorization: Basic dXNlcjpwYXNzd29yZA==|header Authorization: Basic ***",
            "key: wk_Q2hlY2tUaGlzS2V5SXNMb25n1234567 for acme|key: wk_*** for acme",
            "{\"password\":\"s3cretPw\",\"user\":\"u\"}|{\"password\":***,\"user\":\"u\"}",
    })
    void masksTheSecretAndKeepsTheRest(String in, String out) {
        assertThat(Redactor.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "listening on http://127.0.0.1:8080",
            "state store: redis at redis://127.0.0.1:6379 (key prefix warden:default:, fail-open)",
            "jdbc:sqlite:/var/lib/warden/failures.db",
            "jdbc:postgresql://db:5432/test?user=postgres&currentSchema=wfd_1",
            "defenses[1].mode: must be enforce or observe, not 'maybe'",
            "generated secret query-fingerprint in warden-data/query-fingerprint.secret",
            "a basic check of the password field failed",
    })
    void leavesTextWithoutSecretsAlone(String text) {
        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void aRegisteredUrlsPasswordIsMaskedWhereverItAppearsLater() {
        String shown = Redactor.registerUrl("redis://:Zq8%2Fsecret-literal@cache:6379");
        assertThat(shown).isEqualTo("redis://:***@cache:6379");
        assertThat(Redactor.redact("AUTH failed for 'Zq8/secret-literal'")).isEqualTo("AUTH failed for '***'");
        Redactor.registerUrl("jdbc:postgresql://db/wfd?user=u&password=pg-literal-42");
        assertThat(Redactor.redact("connecting with pg-literal-42 as u")).isEqualTo("connecting with *** as u");
    }

    @Test
    void shortOrBlankLiteralsAreNotRegistered() {
        Redactor.register("abc");
        Redactor.register("   ");
        Redactor.register(null);
        assertThat(Redactor.redact("abc def")).isEqualTo("abc def");
        assertThat(Redactor.redact(null)).isNull();
    }
}
