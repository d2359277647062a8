package dev.ragservice.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcesJsonTest {

    private final Json json = new Json(1 << 20);
    private final SourcesJson sources = new SourcesJson(json.mapper());

    private static List<SearchHit> hits(String text) {
        return List.of(
                new SearchHit(
                        "doc-a#0",
                        "doc-a",
                        0,
                        text,
                        Map.of("year", MetadataValue.of(2017), "tags", MetadataValue.of(List.of("nlp", "ünïcödé"))),
                        0.03278688524590164),
                new SearchHit("doc-b#3", "doc-b", 3, "Second \"chunk\" 😀", Map.of(), 0.5));
    }

    /** The response's bytes with the sources serialised in place, as before they were remembered. */
    private String serialised(List<SearchHit> hits) throws Exception {
        return utf8(json.mapper()
                .writeValueAsBytes(Map.of(
                        "sources", hits.stream().map(QueryService.Source::of).toList())));
    }

    private String written(List<SearchHit> hits, boolean cached) throws Exception {
        return utf8(json.mapper().writeValueAsBytes(Map.of("sources", sources.of(hits, cached))));
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void writesTheSameJsonAsSerialisingTheSources() throws Exception {
        for (boolean cached : new boolean[] {false, true, true}) {
            assertThat(written(hits("First chunk."), cached))
                    .isEqualTo(serialised(hits("First chunk.")))
                    .contains("\\uD83D\\uDE00"); // escaped by the response's UTF-8 writer, not by a String writer
        }
    }

    @Test
    void rememberedJsonIsFoundByTheSourcesValue() throws Exception {
        assertThat(written(hits("First chunk."), true)).contains("First chunk.");
        assertThat(written(hits("Other chunk."), true)).contains("Other chunk.").doesNotContain("First chunk.");
        for (int i = 0; i < SourcesJson.MAX_ENTRIES * 2 + 1; i++) {
            assertThat(written(hits("Chunk " + i), true)).contains("\"Chunk " + i + "\"");
        }
    }
}
