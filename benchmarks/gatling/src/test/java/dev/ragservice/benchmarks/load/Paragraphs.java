package dev.ragservice.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reproducible English-looking paragraphs and questions from a fixed vocabulary, so BM25 and the embedding model
 * see ordinary word frequencies. Thread-safe: Gatling's clients share one instance.
 */
final class Paragraphs {

    private static final String[] WORDS = ("the of and to in is was for on that with as by at from his it an were "
                    + "are which this be or has had not first one their its new after who they have her she two been other "
                    + "light lens lighthouse bread yeast volcano magma energy field wave particle electron nuclear magnetic "
                    + "current voltage frequency pressure temperature system program computer language algorithm memory "
                    + "storage data network signal measurement theory method result study model equation function value "
                    + "structure process surface material crystal atom molecule reaction solution sample power beam ship "
                    + "river mountain island history century war king church music film team game season station road")
            .split(" ");

    private final Random random;

    Paragraphs(long seed) {
        this.random = new Random(seed);
    }

    /** A paragraph of two to five sentences. */
    synchronized String next() {
        return sentences(2 + random.nextInt(4), ".");
    }

    synchronized List<String> questions(int count) {
        List<String> questions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            questions.add(sentences(1, "?"));
        }
        return questions;
    }

    private String sentences(int count, String end) {
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < count; s++) {
            int words = 6 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                        .append(w == words - 1 ? end + " " : " ");
            }
        }
        return text.toString().trim();
    }
}
