package dev.ragservice.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.ratelimit.ClientKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final ApiKey READER = new ApiKey(
            "acme-reader",
            ApiKey.hash("rag_reader"),
            Set.of(Scope.QUERY),
            NamespaceGrant.of(List.of("acme", "acme-archive")),
            KeyLimits.NONE);
    private static final ApiKey OPS =
            new ApiKey("ops", ApiKey.hash("rag_ops"), Set.of(Scope.ADMIN), NamespaceGrant.ALL, KeyLimits.NONE);

    @Test
    void aKeyMayDoWhatItsScopesSayInItsNamespacesOnly() {
        Caller reader = Caller.of(READER);
        assertThatCode(() -> reader.authorize(Scope.QUERY, "acme-archive")).doesNotThrowAnyException();
        assertThatThrownBy(() -> reader.authorize(Scope.INGEST, "acme"))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("acme-reader");
        assertThatThrownBy(() -> reader.authorize(Scope.QUERY, "globex"))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("'globex'");
        assertThat(reader.limitsAs()).contains(ClientKey.ofKeyId("acme-reader"));
        assertThat(reader.namespaces().defaultNamespace("default")).isEqualTo("acme");
    }

    @Test
    void anAdminMayDoEverythingEverywhere() {
        Caller ops = Caller.of(OPS);
        for (Scope scope : Scope.values()) {
            assertThatCode(() -> ops.authorize(scope, "any")).doesNotThrowAnyException();
        }
        assertThat(ops.namespaces().defaultNamespace("default")).isEqualTo("default");
    }

    @Test
    void withAccessControlOffAnyoneMayDoEverythingButIsLimited() {
        Caller anonymous = Caller.anonymous(ClientKey.ofAddress("10.0.0.1"));
        assertThatCode(() -> anonymous.authorize(Scope.ADMIN, "x")).doesNotThrowAnyException();
        assertThat(anonymous.limitsAs()).isPresent();
        assertThat(Caller.service().limitsAs())
                .as("the service's own work is not limited")
                .isEmpty();
    }

    @Test
    void theRingFindsAKeyByTheHashOfWhatIsPresentedAndNothingElse() {
        KeyRing ring = new KeyRing(List.of(READER, OPS));
        assertThat(ring.find("rag_reader")).contains(READER);
        assertThat(ring.find(READER.sha256())).as("the hash is not a key").isEmpty();
        assertThat(ring.find("rag_readerX")).isEmpty();
        assertThatThrownBy(() -> new KeyRing(List.of(READER, READER))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyIsRefusedWhenItsEntryIsIncomplete() {
        assertThatThrownBy(() -> new ApiKey(
                        "has space", ApiKey.hash("x"), Set.of(Scope.QUERY), NamespaceGrant.ALL, KeyLimits.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiKey("a", ApiKey.hash("x"), Set.of(), NamespaceGrant.ALL, KeyLimits.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamespaceGrant.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
