package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten ingests of the largest size the limits allow, all at once, do not starve the queries: every uncached
 * question asked meanwhile is answered within its (short) deadline, and liveness never fails. Ingest embeds
 * behind a guard of its own, and the model runs a question's batch before an ingest's next one.
 */
class IngestsAndQueriesTest {

    private static final int INGESTS = 10;
    private static final int TEXTS = 8;
    private static final int CHARS = 4_000;

    @TempDir
    Path dataDir;

    @Test
    void queriesAndProbesKeepAnsweringWhileTenMaximumIngestsRun() throws Exception {
        try (RagServer server = TestServers.start(
                dataDir,
                "MAX_TEXTS_PER_REQUEST",
                Integer.toString(TEXTS),
                "MAX_TEXT_CHARS",
                Integer.toString(CHARS),
                "REQUEST_TIMEOUT_MS",
                "5000")) {
            TestClient client = new TestClient(server.port());
            assertThat(client.postJson("/documents", Map.of("texts", List.of(SampleTexts.LIGHTHOUSE)))
                            .status())
                    .isEqualTo(200);
            Map<String, Integer> outcomes = new ConcurrentHashMap<>();
            AtomicBoolean ingesting = new AtomicBoolean(true);
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> ingests = new ArrayList<>();
                for (int i = 0; i < INGESTS; i++) {
                    int ingest = i;
                    ingests.add(clients.submit(() -> client.postJson("/documents", Map.of("texts", texts(ingest)))
                            .status()));
                }
                Future<?> asking = clients.submit(() -> {
                    for (int q = 0; ingesting.get(); q++) {
                        outcomes.merge(
                                "query "
                                        + client.postJson(
                                                        "/query",
                                                        Map.of(
                                                                "question",
                                                                "Who invented the lens? " + q,
                                                                "use_cache",
                                                                false))
                                                .status(),
                                1,
                                Integer::sum);
                        outcomes.merge("live " + client.get("/health/live").status(), 1, Integer::sum);
                    }
                });
                for (Future<Integer> ingest : ingests) {
                    assertThat(ingest.get()).isEqualTo(200);
                }
                ingesting.set(false);
                asking.get();
            }
            assertThat(outcomes).as("every query answered, every probe up").containsOnlyKeys("query 200", "live 200");
            assertThat(outcomes.get("query 200"))
                    .as("questions asked during the ingests")
                    .isGreaterThan(3);
        }
    }

    /** Prose of the largest size allowed, different for every ingest. */
    private static List<String> texts(int ingest) {
        List<String> texts = new ArrayList<>();
        for (int t = 0; t < TEXTS; t++) {
            StringBuilder text = new StringBuilder();
            for (int sentence = 0; text.length() < CHARS - 120; sentence++) {
                text.append("Ingest ")
                        .append(ingest)
                        .append(" text ")
                        .append(t)
                        .append(" sentence ")
                        .append(sentence)
                        .append(" is about harbours, lenses, tides and the keepers of the lights. ");
            }
            texts.add(text.toString().strip());
        }
        return texts;
    }
}
