package dev.ragservice.domain.answer;

import dev.ragservice.ports.vector.SearchHit;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Answers by quoting the retrieved sentences that share the most (and the rarest) words with the question,
 * each followed by its citation {@code [n]}. It is the answerer when no chat model is configured, and the
 * fallback when the chat model is down, so it is pure and fast: no I/O, no model, no shared state.
 */
public final class ExtractiveAnswerer {

    public static final String MODEL_ID = "extractive";
    public static final String NO_SOURCES_ANSWER = "No relevant documents were found.";
    public static final int DEFAULT_MAX_SENTENCES = 3;

    /**
     * Added to a sentence's score for coming from the first source, less for later ones. Smaller than the
     * weight of any matched word (at least ln 2), so it only decides between sentences that match equally.
     */
    private static final double RANK_PRIOR = 0.1;
    /**
     * Sentences scoring less than this share of the best one are left out: they match only the question's common
     * words, and since sentences are shown in document order, they would come before the real answer.
     */
    private static final double RELEVANCE_CUT = 0.5;
    /** Sentences sharing this much of their content words with a chosen one add nothing new. */
    private static final double NEAR_DUPLICATE = 0.8;
    /** Longer "sentences" (a table, a list without full stops) are cut to stay readable. */
    private static final int MAX_SENTENCE_CHARS = 600;

    private final int maxSentences;

    public ExtractiveAnswerer(int maxSentences) {
        if (maxSentences < 1) {
            throw new IllegalArgumentException("maxSentences must be positive, got " + maxSentences);
        }
        this.maxSentences = maxSentences;
    }

    public ExtractiveAnswerer() {
        this(DEFAULT_MAX_SENTENCES);
    }

    public int maxSentences() {
        return maxSentences;
    }

    private record Sentence(String text, int source, int position, Set<String> words) {}

    private record ScoredSentence(Sentence sentence, double score) {}

    /** @param sources best first; the n-th is cited as {@code [n]} */
    public String answer(String question, List<SearchHit> sources) {
        return String.join(" ", sentences(question, sources));
    }

    /**
     * The answer's sentences, each with its citation, in the order {@link #answer} joins them with a space: what a
     * stream sends one by one.
     */
    public List<String> sentences(String question, List<SearchHit> sources) {
        if (sources.isEmpty()) {
            return List.of(NO_SOURCES_ANSWER);
        }
        List<Sentence> sentences = sentences(sources);
        if (sentences.isEmpty()) {
            return List.of(NO_SOURCES_ANSWER);
        }
        Set<String> asked = new HashSet<>(ContentWords.of(question));
        Map<String, Double> weights = weights(asked, sentences);
        List<ScoredSentence> ranked = new ArrayList<>();
        for (Sentence sentence : sentences) {
            double matched = 0;
            for (String word : sentence.words()) {
                matched += weights.getOrDefault(word, 0.0);
            }
            if (matched > 0) {
                ranked.add(new ScoredSentence(sentence, matched + RANK_PRIOR / (sentence.source() + 1)));
            }
        }
        if (ranked.isEmpty()) {
            Sentence first =
                    sentences.stream().filter(s -> s.source() == 0).findFirst().orElse(sentences.getFirst());
            return List.of(cite(first));
        }
        ranked.sort(Comparator.comparingDouble(ScoredSentence::score)
                .reversed()
                .thenComparingInt(scored -> scored.sentence().source())
                .thenComparingInt(scored -> scored.sentence().position()));
        double best = ranked.getFirst().score();
        List<Sentence> chosen = new ArrayList<>();
        for (ScoredSentence candidate : ranked) {
            if (chosen.size() == maxSentences || candidate.score() < RELEVANCE_CUT * best) {
                break;
            }
            if (chosen.stream().noneMatch(other -> similar(candidate.sentence(), other))) {
                chosen.add(candidate.sentence());
            }
        }
        // In the order of the sources and of the text, so that the answer reads like the documents do.
        chosen.sort(Comparator.comparingInt(Sentence::source).thenComparingInt(Sentence::position));
        return chosen.stream().map(ExtractiveAnswerer::cite).toList();
    }

    /**
     * Streams the answer sentence by sentence: the first as it is, each later one after the space that joins it,
     * so that the pieces joined are exactly {@link #answer}.
     */
    public String stream(String question, List<SearchHit> sources, AnswerStream stream) {
        List<String> sentences = sentences(question, sources);
        for (int i = 0; i < sentences.size(); i++) {
            stream.text(i == 0 ? sentences.get(i) : " " + sentences.get(i));
        }
        return String.join(" ", sentences);
    }

    private static List<Sentence> sentences(List<SearchHit> sources) {
        List<Sentence> sentences = new ArrayList<>();
        BreakIterator breaks = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        for (int source = 0; source < sources.size(); source++) {
            String text = sources.get(source).text();
            breaks.setText(text);
            int position = 0;
            int start = breaks.first();
            for (int end = breaks.next(); end != BreakIterator.DONE; start = end, end = breaks.next()) {
                String sentence = text.substring(start, end).strip().replaceAll("\\s+", " ");
                if (!sentence.isEmpty()) {
                    sentences.add(
                            new Sentence(sentence, source, position++, new LinkedHashSet<>(ContentWords.of(sentence))));
                }
            }
        }
        return sentences;
    }

    /**
     * Inverse sentence frequency of each question word among the candidates: a word in every sentence (the
     * topic of the whole corpus) tells less about where the answer is than a word in one.
     */
    private static Map<String, Double> weights(Set<String> asked, List<Sentence> sentences) {
        Map<String, Double> weights = new HashMap<>();
        for (String word : asked) {
            long containing =
                    sentences.stream().filter(s -> s.words().contains(word)).count();
            if (containing > 0) {
                weights.put(word, Math.log(1 + (double) sentences.size() / containing));
            }
        }
        return weights;
    }

    private static boolean similar(Sentence a, Sentence b) {
        if (a.text().equalsIgnoreCase(b.text())) {
            return true;
        }
        Set<String> union = new HashSet<>(a.words());
        union.addAll(b.words());
        if (union.isEmpty()) {
            return false;
        }
        long shared = a.words().stream().filter(b.words()::contains).count();
        return (double) shared / union.size() >= NEAR_DUPLICATE;
    }

    /** The sentence with its citation before its final punctuation: "Vectors are compared by angle [2]." */
    private static String cite(Sentence sentence) {
        String text = sentence.text();
        if (text.length() > MAX_SENTENCE_CHARS) {
            int cut = text.lastIndexOf(' ', MAX_SENTENCE_CHARS);
            text = text.substring(0, cut > 0 ? cut : MAX_SENTENCE_CHARS) + " …";
        }
        String marker = "[" + (sentence.source() + 1) + "]";
        int end = text.length();
        while (end > 0 && ".!?".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end == 0) {
            return text + " " + marker;
        }
        return text.substring(0, end) + " " + marker + text.substring(end);
    }
}
