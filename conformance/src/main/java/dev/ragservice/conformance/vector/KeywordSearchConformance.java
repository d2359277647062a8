package dev.ragservice.conformance.vector;

import static dev.ragservice.conformance.vector.Fixtures.NS;
import static dev.ragservice.conformance.vector.Fixtures.chunk;
import static dev.ragservice.conformance.vector.Fixtures.deadline;
import static dev.ragservice.conformance.vector.Fixtures.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.VectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The vector-store kit's tier for {@link Capability#KEYWORD_SEARCH}: the chunk with the query's words ranks first,
 * deleted and replaced chunks are no longer found, and keyword search honours filters and namespaces wherever the
 * store declares those capabilities too.
 */
public interface KeywordSearchConformance extends VectorStoreConformance {

    @Test
    default void keywordSearchRanksTheChunkWithTheQueryWordsFirst(VectorStore store) {
        store.upsert(
                NS,
                List.of(
                        chunk("cooking", 0, "Boil the pasta in salted water for ten minutes.", Map.of(), 1, 0, 0, 0),
                        chunk(
                                "lucene",
                                0,
                                "Lucene indexes vectors and searches them with graphs.",
                                Map.of(),
                                0,
                                1,
                                0,
                                0),
                        chunk(
                                "search",
                                0,
                                "Search engines rank documents; some index text only.",
                                Map.of(),
                                0,
                                0,
                                1,
                                0)),
                deadline());

        List<SearchHit> hits = store.keywordSearch(
                new KeywordQuery(NS, "How does Lucene search vectors?", 10, Filter.ALL), deadline());

        assertThat(hits).extracting(SearchHit::documentId).startsWith("lucene").doesNotContain("cooking");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(0).text()).isEqualTo("Lucene indexes vectors and searches them with graphs.");
    }

    @Test
    default void keywordSearchFindsNoDeletedOrReplacedChunk(VectorStore store) {
        store.upsert(
                NS,
                List.of(
                        chunk("replaced", 0, "vector search", Map.of(), 1, 0, 0, 0),
                        chunk("deleted", 0, "vector search", Map.of(), 0, 1, 0, 0),
                        chunk("kept", 0, "vector search", Map.of(), 0, 0, 1, 0)),
                deadline());

        store.deleteDocuments(NS, List.of("deleted"), deadline());
        store.upsert(NS, List.of(chunk("replaced", 0, "graph database", Map.of(), 1, 0, 0, 0)), deadline());

        assertThat(store.keywordSearch(new KeywordQuery(NS, "vector", 10, Filter.ALL), deadline()))
                .extracting(SearchHit::documentId)
                .containsExactly("kept");
        assertThat(store.keywordSearch(new KeywordQuery(NS, "graph", 10, Filter.ALL), deadline()))
                .extracting(SearchHit::documentId)
                .containsExactly("replaced");
    }

    @Test
    default void keywordSearchHonoursFilters(VectorStore store) {
        assumeTrue(store.capabilities().contains(Capability.METADATA_FILTER), "the store has no metadata filters");
        store.upsert(
                NS,
                List.of(
                        chunk("en", 0, "vector search", Map.of("lang", MetadataValue.of("en")), 1, 0, 0, 0),
                        chunk("de", 0, "vector search", Map.of("lang", MetadataValue.of("de")), 0, 1, 0, 0)),
                deadline());

        List<SearchHit> hits =
                store.keywordSearch(new KeywordQuery(NS, "vector", 10, eq("lang", MetadataValue.of("de"))), deadline());

        assertThat(hits).extracting(SearchHit::documentId).containsExactly("de");
    }

    @Test
    default void keywordSearchStaysInItsNamespace(VectorStore store) {
        assumeTrue(store.capabilities().contains(Capability.NAMESPACES), "the store has no namespaces");
        store.upsert(NS, List.of(chunk("here", 0, "vector search", Map.of(), 1, 0, 0, 0)), deadline());
        store.upsert("elsewhere", List.of(chunk("there", 0, "vector search", Map.of(), 0, 1, 0, 0)), deadline());

        assertThat(store.keywordSearch(new KeywordQuery(NS, "vector", 10, Filter.ALL), deadline()))
                .extracting(SearchHit::documentId)
                .containsExactly("here");
        store.deleteDocuments("elsewhere", List.of("there"), deadline());
        assertThat(store.keywordSearch(new KeywordQuery("elsewhere", "vector", 10, Filter.ALL), deadline()))
                .isEmpty();
        assertThat(store.keywordSearch(new KeywordQuery(NS, "vector", 10, Filter.ALL), deadline()))
                .extracting(SearchHit::documentId)
                .containsExactly("here");
    }
}
