package dev.ragservice.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes BEIR's layout: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}),
 * {@code queries.jsonl} ({@code _id}, {@code text}) and {@code qrels/test.tsv} (a header
 * {@code query-id corpus-id score}, then one tab-separated judgment a line).
 */
public final class BeirFiles {

    static final String CORPUS = "corpus.jsonl";
    static final String QUERIES = "queries.jsonl";
    static final String QRELS = "qrels/test.tsv";
    private static final String QRELS_HEADER = "query-id\tcorpus-id\tscore";

    private final ObjectMapper json = new ObjectMapper();

    /**
     * @throws IllegalArgumentException naming the file and line, when a file is missing or malformed, or when a
     *                                  document or query id appears twice
     */
    public BeirCollection read(Path directory) {
        List<BeirDocument> corpus = new ArrayList<>();
        Set<String> documentIds = new HashSet<>();
        forEachLine(directory.resolve(CORPUS), (line, number) -> {
            JsonNode node = parse(line, CORPUS, number);
            BeirDocument document = new BeirDocument(id(node, CORPUS, number), text(node, "title"), text(node, "text"));
            if (!documentIds.add(document.id())) {
                throw new IllegalArgumentException(
                        CORPUS + " line " + number + ": document id '" + document.id() + "' appears twice");
            }
            corpus.add(document);
        });
        List<BeirQuery> queries = new ArrayList<>();
        Set<String> queryIds = new HashSet<>();
        forEachLine(directory.resolve(QUERIES), (line, number) -> {
            JsonNode node = parse(line, QUERIES, number);
            BeirQuery query = new BeirQuery(id(node, QUERIES, number), text(node, "text"));
            if (!queryIds.add(query.id())) {
                throw new IllegalArgumentException(
                        QUERIES + " line " + number + ": query id '" + query.id() + "' appears twice");
            }
            queries.add(query);
        });
        Map<String, Map<String, Integer>> judgments = new LinkedHashMap<>();
        forEachLine(directory.resolve(QRELS), (line, number) -> {
            if (number == 1 && line.startsWith("query-id")) {
                return;
            }
            String[] fields = line.strip().split("\\s+");
            if (fields.length != 3) {
                throw new IllegalArgumentException(
                        QRELS + " line " + number + ": expected query-id, corpus-id and score separated by tabs");
            }
            try {
                judgments
                        .computeIfAbsent(fields[0], q -> new LinkedHashMap<>())
                        .put(fields[1], Integer.parseInt(fields[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        QRELS + " line " + number + ": score '" + fields[2] + "' is not a whole number");
            }
        });
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return new BeirCollection(name == null ? "collection" : name.toString(), corpus, queries, new Qrels(judgments));
    }

    public void write(BeirCollection collection, Path directory) {
        try {
            Files.createDirectories(directory.resolve(QRELS).getParent());
            try (BufferedWriter out = Files.newBufferedWriter(directory.resolve(CORPUS), StandardCharsets.UTF_8)) {
                for (BeirDocument document : collection.corpus()) {
                    ObjectNode node = json.createObjectNode()
                            .put("_id", document.id())
                            .put("title", document.title())
                            .put("text", document.text());
                    out.write(json.writeValueAsString(node));
                    out.write('\n');
                }
            }
            try (BufferedWriter out = Files.newBufferedWriter(directory.resolve(QUERIES), StandardCharsets.UTF_8)) {
                for (BeirQuery query : collection.queries()) {
                    out.write(json.writeValueAsString(
                            json.createObjectNode().put("_id", query.id()).put("text", query.text())));
                    out.write('\n');
                }
            }
            try (BufferedWriter out = Files.newBufferedWriter(directory.resolve(QRELS), StandardCharsets.UTF_8)) {
                out.write(QRELS_HEADER);
                out.write('\n');
                for (var query : collection.qrels().byQuery().entrySet()) {
                    for (var judged : query.getValue().entrySet()) {
                        out.write(query.getKey() + "\t" + judged.getKey() + "\t" + judged.getValue() + "\n");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the collection to " + directory + ": " + e.getMessage(), e);
        }
    }

    private interface LineConsumer {
        void accept(String line, int number);
    }

    private static void forEachLine(Path file, LineConsumer consumer) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank()) {
                    consumer.accept(line, number);
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("not a BEIR collection: " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String line, String file, int number) {
        try {
            JsonNode node = json.readTree(line);
            if (!node.isObject()) {
                throw new IllegalArgumentException(file + " line " + number + ": expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    file + " line " + number + ": not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** Ids may be written as numbers in some BEIR sets; they are compared as the text the qrels use. */
    private static String id(JsonNode node, String file, int number) {
        JsonNode id = node.get("_id");
        if (id == null || id.isNull() || id.asText().isBlank()) {
            throw new IllegalArgumentException(file + " line " + number + ": no _id");
        }
        return id.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
