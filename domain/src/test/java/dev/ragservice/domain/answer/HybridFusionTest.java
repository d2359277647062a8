package dev.ragservice.domain.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ragservice.ports.vector.SearchHit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HybridFusionTest {

    private final HybridFusion fusion = new HybridFusion(60);

    /** Hits in rank order, with raw scores on the list's own scale (ignored by fusion). */
    private static List<SearchHit> ranked(double scale, String... chunkIds) {
        return Arrays.stream(chunkIds)
                .map(id -> new SearchHit(id, id.split("#")[0], 0, "text of " + id, Map.of(), scale))
                .toList();
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::chunkId).toList();
    }

    @Test
    void aChunkInBothListsBeatsChunksTopOfOnlyOne() {
        List<SearchHit> fused = fusion.fuse(ranked(0.9, "v#0", "both#0"), ranked(12.0, "k#0", "both#0"), 3);

        assertThat(ids(fused)).containsExactly("both#0", "k#0", "v#0");
    }

    @Test
    void scoresAreTheSumOfReciprocalRanks() {
        List<SearchHit> fused = fusion.fuse(ranked(1, "a#0", "b#0", "c#0"), ranked(1, "c#0", "a#0"), 10);

        Map<String, Double> scores = fused.stream().collect(Collectors.toMap(SearchHit::chunkId, SearchHit::score));
        assertThat(scores.get("a#0")).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
        assertThat(scores.get("c#0")).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
        assertThat(scores.get("b#0")).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(ids(fused)).containsExactly("a#0", "c#0", "b#0");
    }

    @Test
    void equalScoresAreOrderedByChunkId() {
        List<SearchHit> fused = fusion.fuse(ranked(1, "z#0", "m#0"), ranked(1, "m#0", "z#0"), 2);

        assertThat(ids(fused)).containsExactly("m#0", "z#0");
        assertThat(fused.get(0).score()).isEqualTo(fused.get(1).score());
    }

    @Test
    void cutsToKAndKeepsTheHitsContent() {
        List<SearchHit> fused = fusion.fuse(ranked(1, "a#0", "b#0", "c#0"), List.of(), 2);

        assertThat(ids(fused)).containsExactly("a#0", "b#0");
        assertThat(fused.get(0).text()).isEqualTo("text of a#0");
        assertThat(fused.get(0).documentId()).isEqualTo("a");
    }

    @Test
    void emptyListsFuseToNothing() {
        assertThat(fusion.fuse(List.of(), List.of(), 5)).isEmpty();
    }

    @Test
    void aChunkRepeatedInOneListCountsOnce() {
        List<SearchHit> fused = fusion.fuse(ranked(1, "a#0", "a#0", "b#0"), List.of(), 5);

        assertThat(ids(fused)).containsExactly("a#0", "b#0");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 62, within(1e-12));
    }

    @Test
    void usesItsConstant() {
        // With rrfK = 1: b, second in both lists, scores 1/3 + 1/3; a and c, first in one list, 1/2 each.
        List<SearchHit> fused = new HybridFusion(1).fuse(ranked(1, "a#0", "b#0"), ranked(1, "c#0", "b#0"), 3);

        assertThat(ids(fused)).containsExactly("b#0", "a#0", "c#0");
        assertThat(fused.get(0).score()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 2, within(1e-12));
    }
}
