package dev.ragservice.bootstrap.access;

import dev.ragservice.domain.access.ApiKey;
import dev.ragservice.domain.access.KeyLimits;
import dev.ragservice.domain.access.NamespaceGrant;
import dev.ragservice.domain.access.Scope;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code rag-service keys create --id ID --scopes query[,ingest,admin] --namespaces ns[,ns2] | "*"}: makes a new
 * key (shown once, never stored) and prints it with its entry for {@code API_KEYS_FILE}.
 */
public final class KeysCommand {

    public static final String NAME = "keys";
    /** A recognisable prefix (secret scanners match it) and 32 random bytes. */
    static final String PREFIX = "rag_";

    private static final int RANDOM_BYTES = 32;
    private static final String USAGE =
            "usage: rag-service keys create --id ID --scopes query,ingest,admin" + " --namespaces NS[,NS...]|'*'";

    private final PrintStream out;
    private final PrintStream err;
    private final SecureRandom random;

    public KeysCommand(PrintStream out, PrintStream err, SecureRandom random) {
        this.out = out;
        this.err = err;
        this.random = random;
    }

    /** Answers the process exit code: 0 done, 2 wrong arguments. */
    public int run(String... args) {
        try {
            if (args.length == 0 || !args[0].equals("create")) {
                throw new IllegalArgumentException("the only command is 'create'");
            }
            String id = null;
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            NamespaceGrant namespaces = null;
            for (int i = 1; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--id" -> id = value;
                    case "--scopes" ->
                        Arrays.stream(value.split(","))
                                .map(String::trim)
                                .map(Scope::parse)
                                .forEach(scopes::add);
                    case "--namespaces" ->
                        namespaces = value.trim().equals("*")
                                ? NamespaceGrant.ALL
                                : NamespaceGrant.of(Arrays.stream(value.split(","))
                                        .map(String::trim)
                                        .toList());
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (id == null || scopes.isEmpty() || namespaces == null) {
                throw new IllegalArgumentException("--id, --scopes and --namespaces are required");
            }
            String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
            ApiKey entry = new ApiKey(id, ApiKey.hash(key), scopes, namespaces, KeyLimits.NONE);
            out.println("# The key, shown this once (the service keeps only its SHA-256):");
            out.println("#   " + key);
            out.println("# Its entry for API_KEYS_FILE:");
            yaml(entry).forEach(out::println);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("rag-service keys: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    private static List<String> yaml(ApiKey key) {
        List<String> lines = new ArrayList<>();
        lines.add("  - id: " + key.id());
        // Quoted: a hash of digits only would read as a number.
        lines.add("    sha256: \"" + key.sha256() + "\"");
        lines.add("    scopes: ["
                + String.join(
                        ", ", key.scopes().stream().sorted().map(Scope::label).toList()) + "]");
        lines.add("    namespaces: "
                + (key.namespaces().all()
                        ? "\"*\""
                        : "[" + String.join(", ", key.namespaces().names()) + "]"));
        return lines;
    }
}
