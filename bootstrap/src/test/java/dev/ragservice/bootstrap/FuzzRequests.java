package dev.ragservice.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile and broken requests, drawn from a seeded generator: every endpoint and method, valid bodies mutated
 * field by field into wrong types, huge and deeply nested values, wide filters and large metadata, invalid UTF-8,
 * truncated JSON, wrong content types, odd paths and query parameters.
 */
final class FuzzRequests {

    record Request(String method, String path, String contentType, byte[] body) {
        String describe() {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return method + " " + path + " [" + contentType + "] " + text;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUGE = "x".repeat(600_000);
    private static final List<String> WEIRD = List.of(
            "",
            " ",
            "__rag_index",
            "a b",
            "ñamespace",
            "x".repeat(300),
            "../../etc",
            "%00",
            "default",
            "acme",
            "\u0000",
            "💥",
            "a/b",
            "$and");

    private final Random random;

    FuzzRequests(Random random) {
        this.random = random;
    }

    Request next() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> post("/query", mutate(validQuery()));
            case 4, 5, 6 -> post("/documents", mutate(validIngest()));
            case 7 ->
                new Request(
                        "DELETE",
                        "/documents/" + pathPart() + (random.nextBoolean() ? "" : "?namespace=" + pathPart()),
                        null,
                        null);
            case 8 ->
                new Request(
                        pick(List.of("GET", "PUT", "PATCH", "DELETE", "OPTIONS", "POST")),
                        pick(List.of(
                                "/",
                                "/status",
                                "/status?namespace=" + pathPart(),
                                "/health",
                                "/health/ready",
                                "/openapi?format=" + pathPart(),
                                "/query",
                                "/documents",
                                "/nowhere/" + pathPart(),
                                "/metrics",
                                "/query/../status")),
                        pick(contentTypes()),
                        bytes(randomValue(2)));
            default -> new Request("POST", pick(List.of("/query", "/documents")), pick(contentTypes()), brokenBody());
        };
    }

    private Request post(String path, Object body) {
        String contentType = random.nextInt(20) == 0 ? pick(contentTypes()) : "application/json";
        return new Request("POST", path, contentType, bytes(body));
    }

    private Map<String, Object> validQuery() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("question", pick(List.of("Who invented the lens?", "What is sourdough?", "volcano ash climate")));
        query.put("k", 1 + random.nextInt(20));
        query.put("mode", pick(List.of("hybrid", "vector", "keyword")));
        query.put("use_cache", random.nextBoolean());
        query.put("filter", Map.of("topic", pick(List.of("history", "food"))));
        return query;
    }

    private Map<String, Object> validIngest() {
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("texts", List.of(pick(List.of(SampleTexts.LIGHTHOUSE, SampleTexts.SOURDOUGH, SampleTexts.VOLCANO))));
        ingest.put("metadatas", List.of(Map.of("topic", pick(List.of("history", "food")), "year", 2000)));
        ingest.put("ids", List.of("doc-" + random.nextInt(20)));
        return ingest;
    }

    /** Replaces, removes or adds one field, possibly deep inside, with something hostile. */
    private Object mutate(Map<String, Object> body) {
        if (random.nextInt(5) == 0) {
            return body;
        }
        List<String> keys = new ArrayList<>(body.keySet());
        keys.addAll(List.of("namespace", "filter", "metadatas", "ids", "texts", "question", "k", "extra"));
        String key = pick(keys);
        switch (random.nextInt(4)) {
            case 0 -> body.remove(key);
            case 1 -> body.put(key, randomValue(3));
            case 2 -> body.put(key, hostile(key));
            default -> body.put(key, List.of(hostile(key)));
        }
        return body;
    }

    private Object hostile(String key) {
        return switch (random.nextInt(12)) {
            case 0 -> HUGE;
            case 1 -> nested(100 + random.nextInt(200));
            case 2 -> wideFilter(1 + random.nextInt(3000));
            case 3 -> Map.of("tag", Map.of("$in", numbers(2000 + random.nextInt(4000))));
            case 4 -> wideMetadata(200 + random.nextInt(2000));
            case 5 -> Map.of("k".repeat(40_000), "v");
            case 6 -> Map.of("value", "v".repeat(50_000));
            case 7 -> pick(WEIRD);
            case 8 -> random.nextInt();
            case 9 -> List.of(Map.of("_text", "reserved"), Map.of("$gt", 1));
            case 10 -> key.equals("texts") ? List.of("a".repeat(1 + random.nextInt(3000))) : -random.nextInt(10);
            default -> Double.MAX_VALUE;
        };
    }

    private Object randomValue(int depth) {
        return switch (random.nextInt(depth <= 0 ? 5 : 7)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble() * 1e300;
            case 4 -> pick(WEIRD);
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(
                            pick(List.of("question", "texts", "$and", "$or", "k", "a", "$in", "")),
                            randomValue(depth - 1));
                }
                yield map;
            }
        };
    }

    private byte[] brokenBody() {
        byte[] valid = bytes(random.nextBoolean() ? validQuery() : validIngest());
        return switch (random.nextInt(6)) {
            case 0 -> Arrays.copyOf(valid, random.nextInt(valid.length));
            case 1 -> invalidUtf8(valid);
            case 2 -> new byte[0];
            case 3 -> "{\"question\": NaN, \"k\": 1e999}".getBytes(StandardCharsets.UTF_8);
            case 4 -> "[".repeat(5_000).getBytes(StandardCharsets.UTF_8);
            default -> "not json at all \u0000\u0001".getBytes(StandardCharsets.UTF_8);
        };
    }

    private byte[] invalidUtf8(byte[] valid) {
        byte[] broken = valid.clone();
        for (int i = 0; i < 3; i++) {
            broken[random.nextInt(broken.length)] = (byte) (0x80 + random.nextInt(0x40));
        }
        return broken;
    }

    private static Object nested(int depth) {
        Object value = "bottom";
        for (int i = 0; i < depth; i++) {
            value = Map.of("$and", List.of(value instanceof String ? Map.of("a", value) : value));
        }
        return value;
    }

    private static Object wideFilter(int clauses) {
        List<Object> and = new ArrayList<>();
        for (int i = 0; i < clauses; i++) {
            and.add(Map.of("f" + (i % 7), i));
        }
        return Map.of("$and", and);
    }

    private static List<Object> numbers(int count) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(i);
        }
        return values;
    }

    private static Map<String, Object> wideMetadata(int keys) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < keys; i++) {
            metadata.put("key" + i, "value " + i);
        }
        return metadata;
    }

    private List<String> contentTypes() {
        return Arrays.asList(
                "application/json",
                "text/plain",
                null,
                "application/json; charset=latin1",
                "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded",
                "*/*");
    }

    private String pathPart() {
        return URLEncoder.encode(pick(WEIRD), StandardCharsets.UTF_8);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
