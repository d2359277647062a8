package dev.ragservice.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reproducible English-looking text for benchmarks that need a corpus but not its meaning: sentences of common
 * words drawn with a fixed seed, so BM25 and the chunker see ordinary word frequencies.
 */
public final class SyntheticText {

    private static final String[] WORDS = ("the of and to in is was for on that with as by at from his it an were "
                    + "are which this be or has had not first one their its new after who they have her she two been other "
                    + "when there all during into school also time may would more city only over year made most later world "
                    + "light lens lighthouse bread yeast volcano magma energy field wave particle electron nuclear magnetic "
                    + "current voltage frequency pressure temperature system program computer language algorithm memory "
                    + "storage data network signal measurement theory method result study model equation function value "
                    + "structure process surface material crystal atom molecule reaction solution sample power beam ship "
                    + "river mountain island history century war king church music film team game season station road")
            .split(" ");

    private final Random random;

    public SyntheticText(long seed) {
        this.random = new Random(seed);
    }

    /** A paragraph of {@code sentences} sentences of 8 to 20 words each. */
    public String paragraph(int sentences) {
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            int words = 8 + random.nextInt(13);
            for (int w = 0; w < words; w++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                        .append(w == words - 1 ? ". " : " ");
            }
        }
        return text.toString().trim();
    }

    /** {@code count} paragraphs of two to five sentences. */
    public List<String> paragraphs(int count) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(paragraph(2 + random.nextInt(4)));
        }
        return texts;
    }

    /** A question-like line of 5 to 10 words. */
    public String question() {
        return paragraph(1).replaceAll("\\.$", "?");
    }
}
