package dev.ragservice.domain.fakes;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A brute-force store that keeps the port's contract honestly: upsert replaces each named document's chunks,
 * filters mean {@link dev.ragservice.ports.vector.Filter#matches}, vector scores are cosine similarities, and
 * keyword search (when enabled) scores by the number of query-word occurrences.
 */
public final class InMemoryVectorStore implements VectorStore {

    private final Set<Capability> capabilities;
    private final Map<String, Map<String, Chunk>> namespaces = new HashMap<>();
    private final List<VectorQuery> vectorQueries = new ArrayList<>();
    private final List<KeywordQuery> keywordQueries = new ArrayList<>();
    private final List<List<Chunk>> upserts = new ArrayList<>();

    public InMemoryVectorStore(Set<Capability> capabilities) {
        this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    public static InMemoryVectorStore withKeywordSearch() {
        return new InMemoryVectorStore(EnumSet.allOf(Capability.class));
    }

    public static InMemoryVectorStore vectorOnly() {
        return new InMemoryVectorStore(EnumSet.of(Capability.METADATA_FILTER, Capability.NAMESPACES));
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public synchronized void upsert(String namespace, List<Chunk> chunks, Deadline deadline) {
        upserts.add(List.copyOf(chunks));
        Map<String, Chunk> stored = namespaces.computeIfAbsent(namespace, n -> new TreeMap<>());
        Set<String> documents = new HashSet<>();
        chunks.forEach(chunk -> documents.add(chunk.documentId()));
        stored.values().removeIf(chunk -> documents.contains(chunk.documentId()));
        chunks.forEach(chunk -> stored.put(chunk.id(), chunk));
    }

    @Override
    public synchronized List<SearchHit> search(VectorQuery query, Deadline deadline) {
        vectorQueries.add(query);
        return ranked(query.namespace(), query.k(), query.filter(), chunk -> cosine(query.vector(), chunk.vector()));
    }

    @Override
    public synchronized List<SearchHit> keywordSearch(KeywordQuery query, Deadline deadline) {
        if (!capabilities.contains(Capability.KEYWORD_SEARCH)) {
            throw new UnsupportedOperationException("no keyword search");
        }
        keywordQueries.add(query);
        List<String> words = words(query.text());
        return ranked(query.namespace(), query.k(), query.filter(), chunk -> {
                    List<String> chunkWords = words(chunk.text());
                    return (double) chunkWords.stream().filter(words::contains).count();
                })
                .stream()
                .filter(hit -> hit.score() > 0)
                .toList();
    }

    @Override
    public synchronized void deleteDocuments(String namespace, Collection<String> documentIds, Deadline deadline) {
        Map<String, Chunk> stored = namespaces.get(namespace);
        if (stored != null) {
            stored.values().removeIf(chunk -> documentIds.contains(chunk.documentId()));
        }
    }

    @Override
    public synchronized StoreStats stats(String namespace, Deadline deadline) {
        Map<String, Chunk> stored = namespaces.getOrDefault(namespace, Map.of());
        long documents =
                stored.values().stream().map(Chunk::documentId).distinct().count();
        return new StoreStats(documents, stored.size());
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public void close() {}

    /** The namespace's chunks by id, sorted. */
    public synchronized Map<String, Chunk> chunks(String namespace) {
        return new TreeMap<>(namespaces.getOrDefault(namespace, Map.of()));
    }

    public synchronized List<VectorQuery> vectorQueries() {
        return List.copyOf(vectorQueries);
    }

    public synchronized List<KeywordQuery> keywordQueries() {
        return List.copyOf(keywordQueries);
    }

    public synchronized List<List<Chunk>> upserts() {
        return List.copyOf(upserts);
    }

    public synchronized int searches() {
        return vectorQueries.size() + keywordQueries.size();
    }

    private interface Scorer {
        double score(Chunk chunk);
    }

    private List<SearchHit> ranked(String namespace, int k, Filter filter, Scorer scorer) {
        List<SearchHit> hits = new ArrayList<>();
        for (Chunk chunk : namespaces.getOrDefault(namespace, Map.of()).values()) {
            if (filter.matches(chunk.metadata())) {
                hits.add(new SearchHit(
                        chunk.id(),
                        chunk.documentId(),
                        chunk.position(),
                        chunk.text(),
                        chunk.metadata(),
                        scorer.score(chunk)));
            }
        }
        hits.sort(Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(SearchHit::chunkId));
        return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 2) {
                words.add(word);
            }
        }
        return words;
    }
}
