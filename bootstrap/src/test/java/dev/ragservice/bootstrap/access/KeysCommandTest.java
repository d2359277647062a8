package dev.ragservice.bootstrap.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.domain.access.ApiKey;
import dev.ragservice.domain.access.KeyRing;
import dev.ragservice.domain.access.Scope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final KeysCommand command = new KeysCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new SecureRandom());

    @Test
    void printsANewKeyOnceAndAnEntryThatAcceptsIt() {
        assertThat(command.run(
                        "create",
                        "--id",
                        "acme-reader",
                        "--scopes",
                        "query,ingest",
                        "--namespaces",
                        "acme,acme-archive"))
                .isZero();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        String key = lines.stream()
                .filter(line -> line.startsWith("#   rag_"))
                .findFirst()
                .orElseThrow()
                .substring(4);
        assertThat(key).matches("rag_[A-Za-z0-9_-]{43}");
        String entry = String.join(
                "\n", lines.stream().filter(line -> !line.startsWith("#")).toList());
        assertThat(entry).doesNotContain(key);

        KeyRing ring = ApiKeysFile.parse("keys:\n" + entry);
        ApiKey parsed = ring.find(key).orElseThrow();
        assertThat(parsed.id()).isEqualTo("acme-reader");
        assertThat(parsed.scopes()).isEqualTo(Set.of(Scope.QUERY, Scope.INGEST));
        assertThat(parsed.namespaces().names()).containsExactly("acme", "acme-archive");
    }

    @Test
    void twoKeysAreNeverTheSame() {
        command.run("create", "--id", "a", "--scopes", "admin", "--namespaces", "*");
        command.run("create", "--id", "b", "--scopes", "admin", "--namespaces", "*");
        assertThat(out.toString(StandardCharsets.UTF_8)
                        .lines()
                        .filter(line -> line.startsWith("#   rag_"))
                        .distinct()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void wrongArgumentsExitTwoWithTheUsage() {
        assertThat(command.run("create", "--id", "a", "--scopes", "read", "--namespaces", "x"))
                .isEqualTo(2);
        assertThat(command.run("create", "--id", "a")).isEqualTo(2);
        assertThat(command.run("delete")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown scope 'read'")
                .contains("usage:");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
