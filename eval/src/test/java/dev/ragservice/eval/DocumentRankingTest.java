package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.ports.vector.SearchHit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentRankingTest {

    @Test
    void chunksRankTheirDocumentAtTheFirstAndBestOfThem() {
        List<SearchHit> hits = List.of(hit("b#2", 0.9), hit("a#0", 0.8), hit("b#0", 0.7), hit("c#1", 0.1));

        assertThat(DocumentRanking.of(hits)).containsExactly("b", "a", "c");
    }

    @Test
    void noHitsRankNoDocuments() {
        assertThat(DocumentRanking.of(List.of())).isEmpty();
    }

    private static SearchHit hit(String chunkId, double score) {
        int hash = chunkId.indexOf('#');
        return new SearchHit(
                chunkId,
                chunkId.substring(0, hash),
                Integer.parseInt(chunkId.substring(hash + 1)),
                "text",
                Map.of(),
                score);
    }
}
