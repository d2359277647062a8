package dev.ragservice.bootstrap.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.access.ApiKey;
import dev.ragservice.domain.access.KeyRing;
import dev.ragservice.domain.access.NamespaceGrant;
import dev.ragservice.domain.access.Scope;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysFileTest {

    private static final String READER_HASH = ApiKey.hash("rag_reader-secret");

    @Test
    void readsEveryFieldOfTheDocumentedFormat() {
        KeyRing ring = ApiKeysFile.parse("""
                keys:
                  - id: acme-reader
                    sha256: %s          # hex SHA-256 of the whole key string
                    scopes: [query]
                    namespaces: [acme, acme-archive]
                    rpm: 120
                    tpm: 50000
                    daily_tokens: 2000000
                  - id: ops
                    sha256: %s
                    scopes: [admin, ingest]
                    namespaces: "*"
                """.formatted(READER_HASH, ApiKey.hash("rag_ops-secret")));

        ApiKey reader = ring.find("rag_reader-secret").orElseThrow();
        assertThat(reader.id()).isEqualTo("acme-reader");
        assertThat(reader.scopes()).containsExactly(Scope.QUERY);
        assertThat(reader.namespaces()).isEqualTo(NamespaceGrant.of(List.of("acme", "acme-archive")));
        assertThat(reader.limits().requestsPerMinute()).isEqualTo(OptionalLong.of(120));
        assertThat(reader.limits().tokensPerMinute()).isEqualTo(OptionalLong.of(50_000));
        assertThat(reader.limits().tokensPerDay()).isEqualTo(OptionalLong.of(2_000_000));
        ApiKey ops = ring.find("rag_ops-secret").orElseThrow();
        assertThat(ops.scopes()).isEqualTo(Set.of(Scope.ADMIN, Scope.INGEST));
        assertThat(ops.namespaces().all()).isTrue();
        assertThat(ops.limits().tokensPerDay()).isEmpty();
        assertThat(ring.find("rag_reader-secret ")).as("the whole key, exactly").isEmpty();
    }

    @Test
    void aMisspeltFieldIsAnErrorNotASilentlyDifferentKey() {
        assertThatThrownBy(() -> ApiKeysFile.parse("""
                keys:
                  - id: acme-reader
                    sha256: %s
                    scope: [query]
                    namespaces: [acme]
                """.formatted(READER_HASH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'acme-reader'")
                .hasMessageContaining("unknown field 'scope'");
    }

    @Test
    void everyMistakeNamesTheKeyAndWhatIsWrong() {
        String[][] cases = {
            {"keys: [{id: a, sha256: abc, scopes: [query], namespaces: [x]}]", "sha256 must be 64 hex digits"},
            {"keys: [{id: a, sha256: " + READER_HASH + ", scopes: [read], namespaces: [x]}]", "unknown scope 'read'"},
            {"keys: [{id: a, sha256: " + READER_HASH + ", scopes: [], namespaces: [x]}]", "'scopes' must be a list"},
            {"keys: [{id: a, sha256: " + READER_HASH + ", scopes: [query]}]", "'namespaces' must be a list"},
            {
                "keys: [{id: a, sha256: " + READER_HASH + ", scopes: [query], namespaces: [x], rpm: 0}]",
                "'rpm' must be a positive whole number"
            },
            {"keys: [{sha256: " + READER_HASH + ", scopes: [query], namespaces: [x]}]", "'id' is required"},
            {
                "keys: [{id: a, sha256: " + READER_HASH + ", scopes: [query], namespaces: [x]}," + " {id: a, sha256: "
                        + ApiKey.hash("other") + ", scopes: [query], namespaces: [x]}]",
                "two keys have the id 'a'"
            },
            {"keys: [{id: a, sha256: " + "1".repeat(64) + ", scopes: [query], namespaces: [x]}]", "put it in quotes"},
            {"keys: {id: a}", "a list 'keys'"},
            {"keys: [unclosed", "not valid YAML"},
        };
        for (String[] mistake : cases) {
            assertThatThrownBy(() -> ApiKeysFile.parse(mistake[0]))
                    .as(mistake[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(mistake[1]);
        }
    }
}
