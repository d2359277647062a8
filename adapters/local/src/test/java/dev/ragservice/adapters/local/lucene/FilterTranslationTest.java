package dev.ragservice.adapters.local.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.conformance.vector.RandomMetadata;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.VectorQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Lucene translation of a filter must select exactly the chunks {@link Filter#matches} selects: checked
 * over random metadata and random filters, through both searches, plus the cases where kinds could be confused.
 */
class FilterTranslationTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    private static final String NAMESPACE = "filters";
    private static final int CHUNKS = 300;
    private static final String LONG_TEXT = "L".repeat(40_000);
    private static final List<String> TEXTS = List.of("5", "true", "x", "y", "", "X", LONG_TEXT);
    private static final List<Double> NUMBERS = List.of(-1.0, -0.0, 0.0, 1.0, 2.5, 5.0, 1e300);
    /** The kit's generator over wider pools than every store accepts: Lucene must also get -0.0 and long texts right. */
    private static final RandomMetadata VALUES = new RandomMetadata(TEXTS, NUMBERS);

    @TempDir
    static Path dir;

    private static LuceneVectorStore store;
    private static final List<Chunk> chunks = new ArrayList<>();

    @BeforeAll
    static void index() {
        store = new LuceneVectorStore(dir, new IndexSpec("test-model", 2), 0.9f, 0.4f);
        Random random = new Random(20240611);
        for (int i = 0; i < CHUNKS; i++) {
            chunks.add(new Chunk(
                    "doc" + i + "#0",
                    "doc" + i,
                    0,
                    "common words " + i,
                    new float[] {1 + random.nextFloat(), random.nextFloat()},
                    VALUES.metadata(random)));
        }
        chunks.add(new Chunk("bare#0", "bare", 0, "common words, no metadata", new float[] {1, 1}, Map.of()));
        // Documents of another namespace share every value; no filter may reach them.
        store.upsert("elsewhere", chunks.subList(0, 50), DEADLINE);
        store.upsert(NAMESPACE, chunks, DEADLINE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void luceneSelectsExactlyWhatMatchesSelects(long seed) {
        Random random = new Random(seed);
        int partial = 0;
        for (int i = 0; i < 200; i++) {
            Filter filter = VALUES.filter(random, 3);
            int selected = assertSameSelection(filter, "seed " + seed + ", filter " + i);
            if (selected > 0 && selected < chunks.size()) {
                partial++;
            }
        }
        // Filters that select all or nothing prove little: most of them must split the chunks.
        assertThat(partial).isGreaterThan(100);
    }

    @Test
    void kindsNeverMeet() {
        store.upsert(
                "kinds",
                List.of(
                        chunk("text5", Map.of("v", MetadataValue.of("5"))),
                        chunk("number5", Map.of("v", MetadataValue.of(5))),
                        chunk("textTrue", Map.of("v", MetadataValue.of("true"))),
                        chunk("boolTrue", Map.of("v", MetadataValue.of(true))),
                        chunk("list", Map.of("v", MetadataValue.of(List.of("5", "true")))),
                        chunk("none", Map.of())),
                DEADLINE);

        assertThat(select("kinds", eq("v", MetadataValue.of(5)))).containsExactly("number5");
        assertThat(select("kinds", eq("v", MetadataValue.of("5")))).containsExactly("list", "text5");
        assertThat(select("kinds", eq("v", MetadataValue.of(true)))).containsExactly("boolTrue");
        assertThat(select("kinds", eq("v", MetadataValue.of("true")))).containsExactly("list", "textTrue");
        assertThat(select("kinds", new Filter.Compare("v", Filter.Operator.NE, MetadataValue.of(5))))
                .containsExactly("boolTrue", "list", "none", "text5", "textTrue");
        assertThat(select("kinds", new Filter.Compare("v", Filter.Operator.GTE, MetadataValue.of(0))))
                .containsExactly("number5");
        assertThat(select("kinds", new Filter.In("v", List.of(MetadataValue.of(5), MetadataValue.of(true)), true)))
                .containsExactly("list", "none", "text5", "textTrue");
        assertThat(select("kinds", new Filter.Exists("v", false))).containsExactly("none");
    }

    @Test
    void negativeZeroIsBelowZeroAsInDoubleCompare() {
        store.upsert(
                "zeros",
                List.of(
                        chunk("negative", Map.of("z", MetadataValue.of(-0.0))),
                        chunk("positive", Map.of("z", MetadataValue.of(0.0)))),
                DEADLINE);

        assertThat(select("zeros", eq("z", MetadataValue.of(0.0)))).containsExactly("positive");
        assertThat(select("zeros", new Filter.Compare("z", Filter.Operator.LT, MetadataValue.of(0.0))))
                .containsExactly("negative");
        assertThat(select("zeros", new Filter.Compare("z", Filter.Operator.GT, MetadataValue.of(-0.0))))
                .containsExactly("positive");
    }

    /** Returns how many chunks the filter selects. */
    private static int assertSameSelection(Filter filter, String description) {
        Set<String> expected = chunks.stream()
                .filter(chunk -> filter.matches(chunk.metadata()))
                .map(Chunk::id)
                .collect(Collectors.toCollection(TreeSet::new));
        int all = chunks.size() + 1;

        Set<String> byVector = ids(store.search(new VectorQuery(NAMESPACE, new float[] {1, 0}, all, filter), DEADLINE));
        Set<String> byWords = ids(store.keywordSearch(new KeywordQuery(NAMESPACE, "common", all, filter), DEADLINE));

        assertThat(byVector).as("vector search, %s: %s", description, filter).isEqualTo(expected);
        assertThat(byWords).as("keyword search, %s: %s", description, filter).isEqualTo(expected);
        return expected.size();
    }

    private static Set<String> select(String namespace, Filter filter) {
        return store.search(new VectorQuery(namespace, new float[] {1, 0}, 100, filter), DEADLINE).stream()
                .map(SearchHit::documentId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::chunkId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Chunk chunk(String documentId, Map<String, MetadataValue> metadata) {
        return new Chunk(documentId + "#0", documentId, 0, "text", new float[] {1, 0}, metadata);
    }

    private static Filter eq(String field, MetadataValue value) {
        return new Filter.Compare(field, Filter.Operator.EQ, value);
    }
}
