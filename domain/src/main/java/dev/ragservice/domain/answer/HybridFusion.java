package dev.ragservice.domain.answer;

import dev.ragservice.ports.vector.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges a vector and a keyword result list by reciprocal rank fusion (Cormack et al., 2009): each chunk scores
 * the sum of {@code 1 / (rrfK + rank)} over the lists it appears in. It uses ranks only, because cosine
 * similarities and BM25 scores are on scales that cannot be compared or added.
 */
public final class HybridFusion {

    public static final int DEFAULT_RRF_K = 60;

    private final int rrfK;

    /** @param rrfK damps the weight of top ranks; 60 is the value of the original paper and works broadly */
    public HybridFusion(int rrfK) {
        if (rrfK < 1) {
            throw new IllegalArgumentException("rrfK must be positive, got " + rrfK);
        }
        this.rrfK = rrfK;
    }

    public HybridFusion() {
        this(DEFAULT_RRF_K);
    }

    public int rrfK() {
        return rrfK;
    }

    /**
     * The best {@code k} chunks of both lists, best first, each carrying its fused score. Equal scores are
     * ordered by chunk id so the result does not depend on map iteration order.
     */
    public List<SearchHit> fuse(List<SearchHit> vectorHits, List<SearchHit> keywordHits, int k) {
        // Keyed by chunk: the first list's hit, carrying the sum of its reciprocal ranks in both lists.
        Map<String, SearchHit> hits = new LinkedHashMap<>();
        for (List<SearchHit> list : List.of(vectorHits, keywordHits)) {
            Set<String> seenInList = new HashSet<>();
            int rank = 0;
            for (SearchHit hit : list) {
                if (!seenInList.add(hit.chunkId())) {
                    continue; // a store should not repeat a chunk; if it does, only its best rank counts
                }
                rank++;
                hits.merge(
                        hit.chunkId(),
                        hit.withScore(1.0 / (rrfK + rank)),
                        (first, again) -> first.withScore(first.score() + again.score()));
            }
        }
        List<SearchHit> fused = new ArrayList<>(hits.values());
        fused.sort(Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(SearchHit::chunkId));
        return List.copyOf(fused.subList(0, Math.min(k, fused.size())));
    }
}
