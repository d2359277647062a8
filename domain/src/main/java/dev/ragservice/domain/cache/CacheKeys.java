package dev.ragservice.domain.cache;

import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Builds cache keys: {@code rag:v1:<tier>:} and the SHA-256 of the key's parts. Hashing bounds the key length
 * and keeps user text (questions, filters) out of a cache that operators can list. Parts are length-prefixed
 * before hashing, so no two different part lists can produce the same input ("ab","c" vs "a","bc").
 */
public final class CacheKeys {

    private static final String PREFIX = "rag:v1:";
    /** Never updated, only cloned: so shared by every thread. */
    private static final MessageDigest SHA_256 = sha256Prototype();

    private CacheKeys() {}

    /**
     * Exact text: embeddings of texts that differ only in case or spacing may differ. Per namespace, although the
     * vector would be the same in any: a hit is faster than a miss, so a shared entry would tell one tenant that
     * another asked the same question.
     */
    public static String embedding(String namespace, String modelId, String text) {
        return key(CacheTier.EMBEDDING, List.of(namespace, modelId, text));
    }

    /** A follow-up made self-contained: the namespace's, by the model that rewrote it, for the whole conversation. */
    public static String condensed(String namespace, String modelId, String conversation) {
        return key(CacheTier.RESPONSE, List.of("condensed", namespace, modelId, conversation));
    }

    public static String search(SearchKey key) {
        return key(CacheTier.SEARCH, searchParts(key));
    }

    public static String response(ResponseKey key) {
        List<String> parts = new ArrayList<>(searchParts(key.retrieval()));
        parts.add(key.modelId());
        parts.add(key.generation());
        return key(CacheTier.RESPONSE, parts);
    }

    /**
     * The semantic index of the response key's scope: every part of the key but the question, so a similar
     * question can only be answered from the same namespace, corpus version, mode, k, filter, embedding model,
     * chat model, prompt version and generation settings.
     */
    public static String semanticIndex(ResponseKey key) {
        SearchKey retrieval = key.retrieval();
        return key(
                CacheTier.SEMANTIC,
                List.of(
                        retrieval.namespace(),
                        Long.toString(retrieval.corpusVersion()),
                        retrieval.mode(),
                        Integer.toString(retrieval.k()),
                        canonical(retrieval.filter()),
                        retrieval.retrieval(),
                        key.modelId(),
                        key.generation()));
    }

    /** The counter of a namespace's corpus version. */
    public static String corpusVersion(String namespace) {
        return key(CacheTier.CORPUS_VERSION, List.of(namespace));
    }

    /**
     * The question as far as caching is concerned: trimmed, runs of white space collapsed to one space, lower
     * case. Questions that differ only so retrieve the same chunks with the lower-casing models and analysers
     * we use, and sharing their entries raises the hit ratio.
     */
    public static String normalise(String question) {
        String stripped = question.strip();
        StringBuilder collapsed = new StringBuilder(stripped.length());
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (!isSpace(c)) {
                collapsed.append(c);
            } else if (!isSpace(stripped.charAt(i - 1))) { // never at 0: strip() removed leading spaces
                collapsed.append(' ');
            }
        }
        return collapsed.toString().toLowerCase(Locale.ROOT);
    }

    /** What the regular expression {@code \s} matches (ASCII only); a regex cost more than the rest of a hit. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /**
     * An unambiguous, deterministic text form of a filter. Records' {@code toString} is not enough: it does not
     * quote strings, so a text value containing ", field=" could mimic another filter. Children of
     * {@code $and}/{@code $or} keep the user's order (reordering could only merge equal filters, a rare gain).
     */
    public static String canonical(Filter filter) {
        StringBuilder out = new StringBuilder();
        appendFilter(filter, out);
        return out.toString();
    }

    private static List<String> searchParts(SearchKey key) {
        return List.of(
                key.namespace(),
                Long.toString(key.corpusVersion()),
                key.mode(),
                Integer.toString(key.k()),
                canonical(key.filter()),
                normalise(key.question()),
                key.retrieval());
    }

    private static String key(CacheTier tier, List<String> parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            appendString(part, joined);
        }
        return PREFIX + tier.label() + ":" + sha256(joined.toString());
    }

    private static void appendFilter(Filter filter, StringBuilder out) {
        switch (filter) {
            case Filter.All all -> out.append("all");
            case Filter.Compare compare -> {
                out.append("cmp(");
                appendString(compare.field(), out);
                out.append(compare.operator().name()).append(',');
                appendValue(compare.value(), out);
                out.append(')');
            }
            case Filter.In in -> {
                out.append(in.negated() ? "nin(" : "in(");
                appendString(in.field(), out);
                out.append(in.values().size()).append('[');
                for (MetadataValue value : in.values()) {
                    appendValue(value, out);
                }
                out.append("])");
            }
            case Filter.Exists exists -> {
                out.append("exists(");
                appendString(exists.field(), out);
                out.append(exists.exists()).append(')');
            }
            case Filter.And and -> appendAll("and", and.filters(), out);
            case Filter.Or or -> appendAll("or", or.filters(), out);
        }
    }

    private static void appendAll(String name, List<Filter> filters, StringBuilder out) {
        out.append(name).append(filters.size()).append('[');
        for (Filter child : filters) {
            appendFilter(child, out);
            out.append(';');
        }
        out.append(']');
    }

    private static void appendValue(MetadataValue value, StringBuilder out) {
        switch (value) {
            case MetadataValue.Text text -> {
                out.append('s');
                appendString(text.value(), out);
            }
            // Double.toString is exact and unique per value (it round-trips), unlike formatted output.
            case MetadataValue.Number number ->
                out.append('n').append(number.value()).append(',');
            case MetadataValue.Bool bool -> out.append('b').append(bool.value()).append(',');
            case MetadataValue.TextList list -> {
                out.append('l').append(list.values().size()).append('[');
                list.values().forEach(item -> appendString(item, out));
                out.append(']');
            }
        }
    }

    /** A netstring: length, colon, text. Its end is known without looking at its content. */
    private static void appendString(String text, StringBuilder out) {
        out.append(text.length()).append(':').append(text);
    }

    /**
     * Hashes the UTF-16 code units themselves: encoding to UTF-8 would map every unpaired surrogate (which JSON
     * escapes can produce) to the same '?', so different questions could share a key.
     */
    private static String sha256(String text) {
        byte[] units = new byte[text.length() * 2];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            units[2 * i] = (byte) (c >>> 8);
            units[2 * i + 1] = (byte) c;
        }
        return HexFormat.of().formatHex(newSha256().digest(units));
    }

    /** A copy of an unused instance: cheaper than looking the algorithm up among the providers every time. */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
