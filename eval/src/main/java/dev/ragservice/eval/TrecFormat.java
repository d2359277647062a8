package dev.ragservice.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TREC formats the classic test collections come in: SGML-ish {@code <DOC>} records, {@code <top>} topics and
 * four-column qrels. Lenient about white space, strict about structure: a record without its id is an error
 * rather than a silently lost document.
 */
public final class TrecFormat {

    /** A record's id and its text, white space as in the file. */
    public record Text(String id, String text) {}

    private static final Pattern DOC = Pattern.compile("<DOC>(.*?)</DOC>", Pattern.DOTALL);
    private static final Pattern DOCNO = Pattern.compile("<DOCNO>\\s*(.*?)\\s*</DOCNO>", Pattern.DOTALL);
    private static final Pattern TOP = Pattern.compile("<top>(.*?)</top>", Pattern.DOTALL);
    private static final Pattern NUM =
            Pattern.compile("<num>\\s*(?:Number:\\s*)?(\\S+?)\\s*(?:</num>|\\n)", Pattern.DOTALL);
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)(?:</title>|<desc>|<narr>|$)", Pattern.DOTALL);

    private TrecFormat() {}

    /** {@code <DOC><DOCNO>id</DOCNO>text</DOC>}: the text is everything after the DOCNO element. */
    public static List<Text> documents(String content) {
        List<Text> documents = new ArrayList<>();
        Matcher doc = DOC.matcher(content);
        while (doc.find()) {
            String body = doc.group(1);
            Matcher docno = DOCNO.matcher(body);
            if (!docno.find() || docno.group(1).isBlank()) {
                throw new IllegalArgumentException("a <DOC> record has no <DOCNO>, near character " + doc.start());
            }
            documents.add(new Text(docno.group(1), body.substring(docno.end())));
        }
        return documents;
    }

    /** {@code <top><num>id</num><title>text</title></top>}, the title being the query (the short-query convention). */
    public static List<Text> topics(String content) {
        List<Text> topics = new ArrayList<>();
        Matcher top = TOP.matcher(content);
        while (top.find()) {
            String body = top.group(1);
            Matcher num = NUM.matcher(body);
            Matcher title = TITLE.matcher(body);
            if (!num.find() || !title.find()) {
                throw new IllegalArgumentException(
                        "a <top> topic has no <num> or <title>, near character " + top.start());
            }
            topics.add(new Text(num.group(1), title.group(1)));
        }
        return topics;
    }

    /**
     * Lines {@code query-id iteration document-id score}; the iteration column (often 0 or Q0) is ignored. A
     * pair judged twice keeps its last score, as trec_eval does.
     */
    public static Qrels qrels(List<String> lines) {
        Map<String, Map<String, Integer>> judgments = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 4) {
                throw new IllegalArgumentException(
                        "qrels line " + (i + 1) + ": expected query-id, iteration, document-id and score");
            }
            try {
                judgments
                        .computeIfAbsent(fields[0], q -> new LinkedHashMap<>())
                        .put(fields[2], Integer.parseInt(fields[3]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "qrels line " + (i + 1) + ": score '" + fields[3] + "' is not a whole number");
            }
        }
        return new Qrels(judgments);
    }

    /**
     * A file of a classic collection. They are ASCII; Latin-1 maps every byte to a character, so a stray byte
     * cannot stop a conversion.
     */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs of white space (line breaks included) as one space, and none at the ends. */
    public static String collapseSpace(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
