package dev.ragservice.domain.answer;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Cuts a finished text into the pieces a stream replays: its sentences, each with the space after it. */
final class Pieces {

    private Pieces() {}

    /** Never empty pieces; joined, they are exactly {@code text}. */
    static List<String> sentences(String text) {
        List<String> pieces = new ArrayList<>();
        BreakIterator breaks = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        breaks.setText(text);
        int start = breaks.first();
        for (int end = breaks.next(); end != BreakIterator.DONE; start = end, end = breaks.next()) {
            if (end > start) {
                pieces.add(text.substring(start, end));
            }
        }
        return pieces;
    }
}
