package dev.ragservice.benchmarks;

import dev.ragservice.testsupport.ServiceProcess;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Texts posted to a running service, {@value #TEXTS_PER_REQUEST} per {@code POST /documents}. Each text gets an id
 * of its own ({@code doc-N}, N its place in the caller's list): the collections have a few duplicate texts, which
 * the service would otherwise store once or refuse in one request (a document without an id is named after its
 * text).
 */
public final class DocumentUploads {

    public static final int TEXTS_PER_REQUEST = 100;

    private DocumentUploads() {}

    /** Posts {@code texts[from, to)}; answers the number of chunks the service stored. */
    public static long post(ServiceProcess service, List<String> texts, int from, int to) {
        long chunks = 0;
        for (int start = from; start < to; start += TEXTS_PER_REQUEST) {
            int end = Math.min(to, start + TEXTS_PER_REQUEST);
            List<String> ids =
                    IntStream.range(start, end).mapToObj(i -> "doc-" + i).toList();
            String answer =
                    service.post("/documents", Json.write(Map.of("texts", texts.subList(start, end), "ids", ids)));
            chunks += Json.read(answer).get("chunks").asLong();
        }
        return chunks;
    }

    /** Posts texts from the first on until the service holds at least {@code minimum} chunks; answers how many. */
    public static long untilChunks(ServiceProcess service, List<String> texts, long minimum) {
        long chunks = 0;
        for (int from = 0; chunks < minimum; from += TEXTS_PER_REQUEST) {
            if (from >= texts.size()) {
                throw new IllegalStateException("the texts make fewer than " + minimum + " chunks");
            }
            chunks += post(service, texts, from, Math.min(texts.size(), from + TEXTS_PER_REQUEST));
        }
        return chunks;
    }
}
