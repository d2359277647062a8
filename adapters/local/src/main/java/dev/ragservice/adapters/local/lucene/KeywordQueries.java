package dev.ragservice.adapters.local.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * A question as a bag of analysed words, built from tokens rather than parsed: user text can never be a query
 * syntax error. A word that occurs n times gets weight n, as in Anserini's bag-of-words queries.
 */
final class KeywordQueries {

    /** Half of Lucene's clause limit: the other half is the filter's. */
    static final int MAX_WORDS = IndexSearcher.getMaxClauseCount() / 2;

    private KeywordQueries() {}

    /** Empty when no word survives analysis (only stop words or punctuation). */
    static Optional<Query> of(Analyzer analyzer, String field, String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (TokenStream tokens = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                counts.merge(term.toString(), 1, Integer::sum);
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        // Lucene refuses a query of more than 1,024 clauses, counted over the whole tree: the question's words and
        // the filter's conditions (at most MAX_FILTER_CLAUSES, 512) together. The first words of a huge question
        // are enough.
        counts.entrySet().stream().limit(MAX_WORDS).forEach(entry -> {
            Query word = new TermQuery(new Term(field, entry.getKey()));
            words.add(entry.getValue() == 1 ? word : new BoostQuery(word, entry.getValue()), Occur.SHOULD);
        });
        return Optional.of(words.build());
    }
}
