package dev.ragservice.domain.cache;

import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeysPropertyTest {

    /** Short strings over an alphabet rich in the characters that could confuse a naive encoding. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().withChars("ab:;,()[]\"= \n1\uD800É").ofMaxLength(6);
    }

    @Provide
    Arbitrary<MetadataValue> values() {
        return Arbitraries.oneOf(
                text().map(MetadataValue::of),
                Arbitraries.of(0.0, -0.0, 1.0, 1.5, -2.0, 1e20).map(MetadataValue::of),
                Arbitraries.of(true, false).map(MetadataValue::of));
    }

    @Provide
    Arbitrary<Filter> filters() {
        return Arbitraries.recursive(this::leaves, this::branches, 0, 3);
    }

    private Arbitrary<Filter> leaves() {
        Arbitrary<Filter> compare = Combinators.combine(text(), Arbitraries.of(Filter.Operator.EQ, Filter.Operator.NE),
                values()).as(Filter.Compare::new);
        Arbitrary<Filter> order = Combinators.combine(text(),
                Arbitraries.of(Filter.Operator.GT, Filter.Operator.GTE, Filter.Operator.LT, Filter.Operator.LTE),
                Arbitraries.of(0.0, 1.0, 2.5).map(MetadataValue::of)).as(Filter.Compare::new);
        Arbitrary<Filter> in = Combinators.combine(text(), values().list().ofMaxSize(3), Arbitraries.of(true, false))
                .as(Filter.In::new);
        Arbitrary<Filter> exists = Combinators.combine(text(), Arbitraries.of(true, false)).as(Filter.Exists::new);
        return Arbitraries.oneOf(Arbitraries.just(Filter.ALL), compare, order, in, exists);
    }

    private Arbitrary<Filter> branches(Arbitrary<Filter> children) {
        return Arbitraries.oneOf(
                children.list().ofMaxSize(3).map(Filter.And::new),
                children.list().ofMaxSize(3).map(Filter.Or::new));
    }

    @Provide
    Arbitrary<SearchKey> searchKeys() {
        return Combinators.combine(text(), Arbitraries.longs().between(0, 5), text(), Arbitraries.integers().between(1, 100),
                filters(), text(), text()).as(SearchKey::new);
    }

    @Property
    void sameInputsGiveTheSameKey(@ForAll("searchKeys") SearchKey key) {
        SearchKey copy = new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k(), key.filter(),
                key.question(), key.retrieval());
        assertThat(CacheKeys.search(copy)).isEqualTo(CacheKeys.search(key));
        assertThat(CacheKeys.response(new ResponseKey(copy, "m", "g")))
                .isEqualTo(CacheKeys.response(new ResponseKey(key, "m", "g")));
    }

    @Property
    void keysDifferWhenAnyComponentDiffers(@ForAll("searchKeys") SearchKey a, @ForAll("searchKeys") SearchKey b) {
        boolean same = a.namespace().equals(b.namespace()) && a.corpusVersion() == b.corpusVersion()
                && a.mode().equals(b.mode()) && a.k() == b.k() && a.filter().equals(b.filter())
                && CacheKeys.normalise(a.question()).equals(CacheKeys.normalise(b.question()))
                && a.retrieval().equals(b.retrieval());
        assertThat(CacheKeys.search(a).equals(CacheKeys.search(b))).isEqualTo(same);
    }

    /** Changing exactly one component, the nastiest case for an ambiguous encoding, always changes the key. */
    @Property
    void changingOneComponentChangesTheKey(@ForAll("searchKeys") SearchKey key, @ForAll("filters") Filter filter,
                                           @ForAll("texts") String other) {
        String original = CacheKeys.search(key);
        List<SearchKey> changed = new ArrayList<>();
        if (!other.equals(key.namespace())) {
            changed.add(new SearchKey(other, key.corpusVersion(), key.mode(), key.k(), key.filter(), key.question(), key.retrieval()));
        }
        changed.add(new SearchKey(key.namespace(), key.corpusVersion() + 1, key.mode(), key.k(), key.filter(), key.question(), key.retrieval()));
        if (!other.equals(key.mode())) {
            changed.add(new SearchKey(key.namespace(), key.corpusVersion(), other, key.k(), key.filter(), key.question(), key.retrieval()));
        }
        changed.add(new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k() + 1, key.filter(), key.question(), key.retrieval()));
        if (!filter.equals(key.filter())) {
            changed.add(new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k(), filter, key.question(), key.retrieval()));
        }
        if (!CacheKeys.normalise(other).equals(CacheKeys.normalise(key.question()))) {
            changed.add(new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k(), key.filter(), other, key.retrieval()));
        }
        if (!other.equals(key.retrieval())) {
            changed.add(new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k(), key.filter(), key.question(), other));
        }
        assertThat(changed).allSatisfy(k -> assertThat(CacheKeys.search(k)).isNotEqualTo(original));
    }

    @Property
    void responseKeysDependOnTheGenerator(@ForAll("searchKeys") SearchKey key, @ForAll("texts") String a,
                                          @ForAll("texts") String b) {
        boolean same = CacheKeys.response(new ResponseKey(key, a, b)).equals(CacheKeys.response(new ResponseKey(key, b, a)));
        assertThat(same).isEqualTo(a.equals(b));
        assertThat(CacheKeys.response(new ResponseKey(key, a, b))).isNotEqualTo(CacheKeys.search(key));
    }

    /** A semantic index is shared by every question of one scope, and by nothing outside it. */
    @Property
    void aSemanticIndexIsTheResponseKeyWithoutTheQuestion(@ForAll("searchKeys") SearchKey key,
                                                          @ForAll("filters") Filter filter,
                                                          @ForAll("texts") String other) {
        String index = CacheKeys.semanticIndex(new ResponseKey(key, "m", "g"));
        SearchKey rephrased = new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k(), key.filter(),
                other, key.retrieval());
        assertThat(CacheKeys.semanticIndex(new ResponseKey(rephrased, "m", "g"))).isEqualTo(index);

        List<SearchKey> retrievals = new ArrayList<>();
        if (!other.equals(key.namespace())) {
            retrievals.add(new SearchKey(other, key.corpusVersion(), key.mode(), key.k(), key.filter(), key.question(),
                    key.retrieval()));
        }
        retrievals.add(new SearchKey(key.namespace(), key.corpusVersion() + 1, key.mode(), key.k(), key.filter(),
                key.question(), key.retrieval()));
        if (!other.equals(key.mode())) {
            retrievals.add(new SearchKey(key.namespace(), key.corpusVersion(), other, key.k(), key.filter(),
                    key.question(), key.retrieval()));
        }
        retrievals.add(new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k() + 1, key.filter(),
                key.question(), key.retrieval()));
        if (!filter.equals(key.filter())) {
            retrievals.add(new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k(), filter,
                    key.question(), key.retrieval()));
        }
        if (!other.equals(key.retrieval())) {
            retrievals.add(new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k(), key.filter(),
                    key.question(), other));
        }
        List<ResponseKey> changed = new ArrayList<>(retrievals.stream().map(k -> new ResponseKey(k, "m", "g")).toList());
        if (!other.equals("m")) {
            changed.add(new ResponseKey(key, other, "g"));
        }
        if (!other.equals("g")) {
            changed.add(new ResponseKey(key, "m", other));
        }
        assertThat(changed).allSatisfy(k -> assertThat(CacheKeys.semanticIndex(k)).isNotEqualTo(index));
        assertThat(index).matches("rag:v1:semantic:[0-9a-f]{64}");
    }

    @Property
    void canonicalFilterFormIsInjective(@ForAll("filters") Filter a, @ForAll("filters") Filter b) {
        assertThat(CacheKeys.canonical(a).equals(CacheKeys.canonical(b))).isEqualTo(a.equals(b));
    }

    @Property
    void questionsDifferingOnlyInCaseAndSpacingShareAKey(@ForAll("searchKeys") SearchKey key) {
        String variant = "  " + key.question().toUpperCase(Locale.ROOT).replace(" ", " \t ") + "\n";
        SearchKey shouted = new SearchKey(key.namespace(), key.corpusVersion(), key.mode(), key.k(), key.filter(),
                variant, key.retrieval());
        assertThat(CacheKeys.search(shouted)).isEqualTo(CacheKeys.search(key));
    }

    /**
     * Replicas of the previous release, which normalised with a regular expression, may share the cache during
     * a rolling update: both must build the same keys.
     */
    @Property
    void normalisingKeepsTheRegexDefinition(@ForAll("spacedTexts") String question) {
        assertThat(CacheKeys.normalise(question))
                .isEqualTo(question.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
    }

    @Provide
    Arbitrary<String> spacedTexts() {
        return Arbitraries.strings().withChars("aZ \t\n\u000B\f\r\u00A0\u2003\u001CÉ").ofMaxLength(12);
    }

    @Property
    void keysAreBoundedAndHoldNoUserText(@ForAll("searchKeys") SearchKey key) {
        assertThat(CacheKeys.search(key)).matches("rag:v1:search:[0-9a-f]{64}");
        assertThat(CacheKeys.embedding(key.retrieval(), key.question())).matches("rag:v1:embedding:[0-9a-f]{64}");
        assertThat(CacheKeys.response(new ResponseKey(key, "m", "g"))).matches("rag:v1:response:[0-9a-f]{64}");
        assertThat(CacheKeys.corpusVersion(key.namespace())).matches("rag:v1:corpus_version:[0-9a-f]{64}");
    }

    @Provide
    Arbitrary<String> texts() {
        return text();
    }
}
