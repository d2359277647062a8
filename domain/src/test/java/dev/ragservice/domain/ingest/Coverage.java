package dev.ragservice.domain.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether parts cover a sequence in order: each part occurs in it, the first at its start, each next one
 * starting no earlier than the one before and no later than where that one ends (overlap allowed, gaps not),
 * and the last ending at its end. Every possible placement is tried, so repeated words cannot fool it.
 */
final class Coverage {

    private Coverage() {}

    static <T> boolean coversInOrder(List<T> whole, List<List<T>> parts) {
        if (parts.isEmpty()) {
            return whole.isEmpty();
        }
        // A placement is the start of the latest part; its end follows from the part's length.
        Set<Integer> starts = new HashSet<>();
        if (occursAt(whole, parts.getFirst(), 0)) {
            starts.add(0);
        }
        for (int i = 1; i < parts.size() && !starts.isEmpty(); i++) {
            int previousLength = parts.get(i - 1).size();
            Set<Integer> next = new HashSet<>();
            for (int start : starts) {
                for (int candidate = start; candidate <= start + previousLength; candidate++) {
                    if (occursAt(whole, parts.get(i), candidate)) {
                        next.add(candidate);
                    }
                }
            }
            starts = next;
        }
        int lastLength = parts.getLast().size();
        return starts.stream().anyMatch(start -> start + lastLength == whole.size());
    }

    private static <T> boolean occursAt(List<T> whole, List<T> part, int at) {
        return at + part.size() <= whole.size()
                && whole.subList(at, at + part.size()).equals(part);
    }
}
