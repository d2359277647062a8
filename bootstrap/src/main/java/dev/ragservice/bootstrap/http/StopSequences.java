package dev.ragservice.bootstrap.http;

import java.util.List;

/**
 * OpenAI's {@code stop}: the text ends before the first occurrence of any of the sequences, which is itself left
 * out. Applied to the answer as it streams: a piece is passed on except for its tail that could still become the
 * start of a sequence, held back until the next piece says whether it does.
 */
final class StopSequences {

    private final List<String> sequences;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopSequences(List<String> sequences) {
        this.sequences = List.copyOf(sequences);
    }

    /** The whole text, cut before its first stop sequence. */
    static String cut(String text, List<String> sequences) {
        StopSequences stop = new StopSequences(sequences);
        return stop.accept(text) + stop.finish();
    }

    /** Whether a stop sequence has been met: everything after it is dropped. */
    boolean stopped() {
        return stopped;
    }

    /** What of the text so far can go out now (possibly nothing). */
    String accept(String piece) {
        if (stopped) {
            return "";
        }
        if (sequences.isEmpty()) {
            return piece;
        }
        held.append(piece);
        int first = -1;
        for (String sequence : sequences) {
            int at = held.indexOf(sequence);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String out = held.substring(0, first);
            held.setLength(0);
            return out;
        }
        int keep = longestPrefixAtEnd();
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** What was held back, at the end of the text. */
    String finish() {
        String out = stopped ? "" : held.toString();
        held.setLength(0);
        return out;
    }

    /** The length of the longest end of the held text that is the start of some sequence. */
    private int longestPrefixAtEnd() {
        int longest = 0;
        for (String sequence : sequences) {
            for (int length = Math.min(sequence.length() - 1, held.length()); length > longest; length--) {
                if (held.substring(held.length() - length).equals(sequence.substring(0, length))) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
