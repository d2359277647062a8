package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.ragservice.domain.Texts;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class CacheKeysPropertyTest {

    private static final int EXAMPLES = 1000;

    /** Short strings over an alphabet rich in the characters that could confuse a naive encoding. */
    private static Gen<String> texts() {
        return Texts.over("ab:;,()[]\"= \n1\uD800É", 0, 6);
    }

    private static Gen<MetadataValue> values() {
        return Generate.oneOf(
                texts().map(text -> MetadataValue.of(text)),
                Generate.pick(List.of(0.0, -0.0, 1.0, 1.5, -2.0, 1e20)).map(number -> MetadataValue.of(number)),
                booleans().all().map(bool -> MetadataValue.of(bool)));
    }

    /** Filters nested 0 to 3 levels deep: a depth is drawn first, then $and / $or that many levels over leaves. */
    private static Gen<Filter> filters() {
        return integers().between(0, 3).flatMap(CacheKeysPropertyTest::filters);
    }

    private static Gen<Filter> filters(int depth) {
        if (depth == 0) {
            return leaves();
        }
        Gen<List<Filter>> children = lists().of(filters(depth - 1)).ofSizeBetween(0, 3);
        return booleans().all().zip(children, (and, filters) -> and ? new Filter.And(filters) : new Filter.Or(filters));
    }

    private static Gen<Filter> leaves() {
        Gen<Filter> compare = texts().zip(
                        Generate.pick(List.of(Filter.Operator.EQ, Filter.Operator.NE)), values(), Filter.Compare::new);
        Gen<Filter.Operator> orderings = Generate.pick(
                List.of(Filter.Operator.GT, Filter.Operator.GTE, Filter.Operator.LT, Filter.Operator.LTE));
        Gen<Filter> order = texts().zip(
                        orderings,
                        Generate.pick(List.of(0.0, 1.0, 2.5)).map(number -> MetadataValue.of(number)),
                        Filter.Compare::new);
        Gen<Filter> in =
                texts().zip(lists().of(values()).ofSizeBetween(0, 3), booleans().all(), Filter.In::new);
        Gen<Filter> exists = texts().zip(booleans().all(), Filter.Exists::new);
        return Generate.oneOf(Generate.constant(Filter.ALL), compare, order, in, exists);
    }

    private static Gen<String> spacedTexts() {
        return Texts.over("aZ \t\n\u000B\f\r\u00A0\u2003\u001CÉ", 0, 12);
    }

    private static Gen<SearchKey> searchKeys() {
        Gen<String> texts = texts();
        Gen<Long> versions = longs().between(0, 5);
        Gen<Integer> ks = integers().between(1, 100);
        Gen<Filter> filters = filters();
        return random -> new SearchKey(
                texts.generate(random),
                versions.generate(random),
                texts.generate(random),
                ks.generate(random),
                filters.generate(random),
                texts.generate(random),
                texts.generate(random));
    }

    @Test
    void sameInputsGiveTheSameKey() {
        qt().withExamples(EXAMPLES).forAll(searchKeys()).checkAssert(key -> {
            SearchKey copy = new SearchKey(
                    key.namespace(),
                    key.corpusVersion(),
                    key.mode(),
                    key.k(),
                    key.filter(),
                    key.question(),
                    key.retrieval());
            assertThat(CacheKeys.search(copy)).isEqualTo(CacheKeys.search(key));
            assertThat(CacheKeys.response(new ResponseKey(copy, "m", "g")))
                    .isEqualTo(CacheKeys.response(new ResponseKey(key, "m", "g")));
        });
    }

    @Test
    void keysDifferWhenAnyComponentDiffers() {
        qt().withExamples(EXAMPLES).forAll(searchKeys(), searchKeys()).checkAssert((a, b) -> {
            boolean same = a.namespace().equals(b.namespace())
                    && a.corpusVersion() == b.corpusVersion()
                    && a.mode().equals(b.mode())
                    && a.k() == b.k()
                    && a.filter().equals(b.filter())
                    && CacheKeys.normalise(a.question()).equals(CacheKeys.normalise(b.question()))
                    && a.retrieval().equals(b.retrieval());
            assertThat(CacheKeys.search(a).equals(CacheKeys.search(b))).isEqualTo(same);
        });
    }

    /** Changing exactly one component, the nastiest case for an ambiguous encoding, always changes the key. */
    @Test
    void changingOneComponentChangesTheKey() {
        qt().withExamples(EXAMPLES).forAll(searchKeys(), filters(), texts()).checkAssert((key, filter, other) -> {
            String original = CacheKeys.search(key);
            List<SearchKey> changed = new ArrayList<>();
            if (!other.equals(key.namespace())) {
                changed.add(new SearchKey(
                        other,
                        key.corpusVersion(),
                        key.mode(),
                        key.k(),
                        key.filter(),
                        key.question(),
                        key.retrieval()));
            }
            changed.add(new SearchKey(
                    key.namespace(),
                    key.corpusVersion() + 1,
                    key.mode(),
                    key.k(),
                    key.filter(),
                    key.question(),
                    key.retrieval()));
            if (!other.equals(key.mode())) {
                changed.add(new SearchKey(
                        key.namespace(),
                        key.corpusVersion(),
                        other,
                        key.k(),
                        key.filter(),
                        key.question(),
                        key.retrieval()));
            }
            changed.add(new SearchKey(
                    key.namespace(),
                    key.corpusVersion(),
                    key.mode(),
                    key.k() + 1,
                    key.filter(),
                    key.question(),
                    key.retrieval()));
            if (!filter.equals(key.filter())) {
                changed.add(new SearchKey(
                        key.namespace(),
                        key.corpusVersion(),
                        key.mode(),
                        key.k(),
                        filter,
                        key.question(),
                        key.retrieval()));
            }
            if (!CacheKeys.normalise(other).equals(CacheKeys.normalise(key.question()))) {
                changed.add(new SearchKey(
                        key.namespace(),
                        key.corpusVersion(),
                        key.mode(),
                        key.k(),
                        key.filter(),
                        other,
                        key.retrieval()));
            }
            if (!other.equals(key.retrieval())) {
                changed.add(new SearchKey(
                        key.namespace(),
                        key.corpusVersion(),
                        key.mode(),
                        key.k(),
                        key.filter(),
                        key.question(),
                        other));
            }
            assertThat(changed).allSatisfy(k -> assertThat(CacheKeys.search(k)).isNotEqualTo(original));
        });
    }

    @Test
    void responseKeysDependOnTheGenerator() {
        qt().withExamples(EXAMPLES).forAll(searchKeys(), texts(), texts()).checkAssert((key, a, b) -> {
            boolean same = CacheKeys.response(new ResponseKey(key, a, b))
                    .equals(CacheKeys.response(new ResponseKey(key, b, a)));
            assertThat(same).isEqualTo(a.equals(b));
            assertThat(CacheKeys.response(new ResponseKey(key, a, b))).isNotEqualTo(CacheKeys.search(key));
        });
    }

    /** A semantic index is shared by every question of one scope, and by nothing outside it. */
    @Test
    void aSemanticIndexIsTheResponseKeyWithoutTheQuestion() {
        qt().withExamples(EXAMPLES).forAll(searchKeys(), filters(), texts()).checkAssert((key, filter, other) -> {
            String index = CacheKeys.semanticIndex(new ResponseKey(key, "m", "g"));
            SearchKey rephrased = new SearchKey(
                    key.namespace(), key.corpusVersion(), key.mode(), key.k(), key.filter(), other, key.retrieval());
            assertThat(CacheKeys.semanticIndex(new ResponseKey(rephrased, "m", "g")))
                    .isEqualTo(index);

            List<SearchKey> retrievals = new ArrayList<>();
            if (!other.equals(key.namespace())) {
                retrievals.add(new SearchKey(
                        other,
                        key.corpusVersion(),
                        key.mode(),
                        key.k(),
                        key.filter(),
                        key.question(),
                        key.retrieval()));
            }
            retrievals.add(new SearchKey(
                    key.namespace(),
                    key.corpusVersion() + 1,
                    key.mode(),
                    key.k(),
                    key.filter(),
                    key.question(),
                    key.retrieval()));
            if (!other.equals(key.mode())) {
                retrievals.add(new SearchKey(
                        key.namespace(),
                        key.corpusVersion(),
                        other,
                        key.k(),
                        key.filter(),
                        key.question(),
                        key.retrieval()));
            }
            retrievals.add(new SearchKey(
                    key.namespace(),
                    key.corpusVersion(),
                    key.mode(),
                    key.k() + 1,
                    key.filter(),
                    key.question(),
                    key.retrieval()));
            if (!filter.equals(key.filter())) {
                retrievals.add(new SearchKey(
                        key.namespace(),
                        key.corpusVersion(),
                        key.mode(),
                        key.k(),
                        filter,
                        key.question(),
                        key.retrieval()));
            }
            if (!other.equals(key.retrieval())) {
                retrievals.add(new SearchKey(
                        key.namespace(),
                        key.corpusVersion(),
                        key.mode(),
                        key.k(),
                        key.filter(),
                        key.question(),
                        other));
            }
            List<ResponseKey> changed = new ArrayList<>(
                    retrievals.stream().map(k -> new ResponseKey(k, "m", "g")).toList());
            if (!other.equals("m")) {
                changed.add(new ResponseKey(key, other, "g"));
            }
            if (!other.equals("g")) {
                changed.add(new ResponseKey(key, "m", other));
            }
            assertThat(changed)
                    .allSatisfy(k -> assertThat(CacheKeys.semanticIndex(k)).isNotEqualTo(index));
            assertThat(index).matches("rag:v1:semantic:[0-9a-f]{64}");
        });
    }

    @Test
    void canonicalFilterFormIsInjective() {
        qt().withExamples(EXAMPLES).forAll(filters(), filters()).checkAssert((a, b) -> {
            assertThat(CacheKeys.canonical(a).equals(CacheKeys.canonical(b))).isEqualTo(a.equals(b));
        });
    }

    @Test
    void questionsDifferingOnlyInCaseAndSpacingShareAKey() {
        qt().withExamples(EXAMPLES).forAll(searchKeys()).checkAssert(key -> {
            String variant = "  " + key.question().toUpperCase(Locale.ROOT).replace(" ", " \t ") + "\n";
            SearchKey shouted = new SearchKey(
                    key.namespace(), key.corpusVersion(), key.mode(), key.k(), key.filter(), variant, key.retrieval());
            assertThat(CacheKeys.search(shouted)).isEqualTo(CacheKeys.search(key));
        });
    }

    /**
     * Replicas of the previous release, which normalised with a regular expression, may share the cache during
     * a rolling update: both must build the same keys.
     */
    @Test
    void normalisingKeepsTheRegexDefinition() {
        qt().withExamples(EXAMPLES).forAll(spacedTexts()).checkAssert(question -> {
            assertThat(CacheKeys.normalise(question))
                    .isEqualTo(question.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
        });
    }

    @Test
    void keysAreBoundedAndHoldNoUserText() {
        qt().withExamples(EXAMPLES).forAll(searchKeys()).checkAssert(key -> {
            assertThat(CacheKeys.search(key)).matches("rag:v1:search:[0-9a-f]{64}");
            assertThat(CacheKeys.embedding(key.namespace(), key.retrieval(), key.question()))
                    .matches("rag:v1:embedding:[0-9a-f]{64}");
            assertThat(CacheKeys.response(new ResponseKey(key, "m", "g"))).matches("rag:v1:response:[0-9a-f]{64}");
            assertThat(CacheKeys.corpusVersion(key.namespace())).matches("rag:v1:corpus_version:[0-9a-f]{64}");
        });
    }
}
