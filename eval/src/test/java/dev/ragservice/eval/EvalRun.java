package dev.ragservice.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One run of {@code rag-eval ...} in the test's JVM: its exit code and what it printed. */
record EvalRun(int exitCode, String out, String err) {

    /** Runs with an empty environment: the embedded defaults (MiniLM, Lucene), whatever the machine has set. */
    static EvalRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new EvalCommand(
                        Map.of(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new EvalRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The JSON object on the last line of standard output. */
    JsonNode json() {
        List<String> lines = out.lines().toList();
        try {
            return new ObjectMapper().readTree(lines.getLast());
        } catch (IOException e) {
            throw new UncheckedIOException("the last line is not JSON: " + out, e);
        }
    }
}
