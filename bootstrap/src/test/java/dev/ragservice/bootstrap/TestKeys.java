package dev.ragservice.bootstrap;

import dev.ragservice.domain.access.ApiKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Writes an {@code API_KEYS_FILE} for keys whose secrets the test knows, replacing it atomically as Secrets are. */
public final class TestKeys {

    /** One key: its secret (what a client presents) and the rest of its entry, as YAML flow values. */
    public record Key(String id, String secret, String scopes, String namespaces, String extra) {

        public static Key of(String id, String scopes, String namespaces) {
            return new Key(id, "rag_test-" + id, scopes, namespaces, "");
        }

        public Key with(String extraYaml) {
            return new Key(id, secret, scopes, namespaces, extraYaml);
        }

        public String bearer() {
            return "Bearer " + secret;
        }
    }

    private TestKeys() {}

    public static Path write(Path file, Key... keys) {
        List<String> lines = new ArrayList<>(List.of("keys:"));
        for (Key key : keys) {
            lines.add("  - id: " + key.id());
            lines.add("    sha256: " + ApiKey.hash(key.secret()));
            lines.add("    scopes: " + key.scopes());
            lines.add("    namespaces: " + key.namespaces());
            if (!key.extra().isEmpty()) {
                lines.add("    " + key.extra());
            }
        }
        try {
            Path next = Files.createTempFile(file.toAbsolutePath().getParent(), "keys", ".yaml");
            Files.write(next, lines);
            return Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
