package dev.ragservice.domain.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a text that carry meaning, reduced to a rough stem so that "embeddings", "embedded" and
 * "embedding" meet. Deliberately light: the extractive answerer only needs to see which sentences share the
 * question's words, and a full stemmer or analyser would be a dependency the domain does not take.
 */
final class ContentWords {

    private static final Set<String> STOP_WORDS = Set.of(
            "a",
            "about",
            "after",
            "all",
            "also",
            "an",
            "and",
            "any",
            "are",
            "as",
            "at",
            "be",
            "been",
            "before",
            "being",
            "between",
            "both",
            "but",
            "by",
            "can",
            "could",
            "did",
            "do",
            "does",
            "doing",
            "during",
            "each",
            "either",
            "for",
            "from",
            "had",
            "has",
            "have",
            "having",
            "he",
            "her",
            "here",
            "hers",
            "him",
            "his",
            "how",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "just",
            "may",
            "me",
            "might",
            "more",
            "most",
            "much",
            "must",
            "my",
            "no",
            "nor",
            "not",
            "of",
            "on",
            "once",
            "only",
            "or",
            "other",
            "our",
            "ours",
            "out",
            "over",
            "own",
            "same",
            "shall",
            "she",
            "should",
            "so",
            "some",
            "such",
            "than",
            "that",
            "the",
            "their",
            "theirs",
            "them",
            "then",
            "there",
            "these",
            "they",
            "this",
            "those",
            "through",
            "to",
            "too",
            "under",
            "until",
            "up",
            "upon",
            "us",
            "very",
            "was",
            "we",
            "were",
            "what",
            "when",
            "where",
            "whether",
            "which",
            "while",
            "who",
            "whom",
            "whose",
            "why",
            "will",
            "with",
            "would",
            "you",
            "your",
            "yours",
            "tell",
            "explain",
            "describe");

    private ContentWords() {}

    static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean letter = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                String word = lower.substring(start, i);
                if (!STOP_WORDS.contains(word) && (word.length() > 1 || Character.isDigit(word.charAt(0)))) {
                    words.add(stem(word));
                }
                start = -1;
            }
        }
        return words;
    }

    /** Strips plural, -ing and -ed endings, a doubled final consonant and a final e. */
    static String stem(String word) {
        String w = word;
        if (w.length() <= 3) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("sses")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.endsWith("ing") && w.length() >= 6) {
            w = undouble(w.substring(0, w.length() - 3));
        } else if (w.endsWith("ed") && w.length() >= 6) {
            w = undouble(w.substring(0, w.length() - 2));
        }
        if (w.endsWith("e") && w.length() > 4) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static String undouble(String w) {
        int n = w.length();
        if (n >= 3 && w.charAt(n - 1) == w.charAt(n - 2) && "bdfgmnprt".indexOf(w.charAt(n - 1)) >= 0) {
            return w.substring(0, n - 1);
        }
        return w;
    }
}
