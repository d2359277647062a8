package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every client mistake gets a 4xx with {@code {"error": {"code", "message"}}}, never a 500. */
class BadInputTest {

    @TempDir
    static Path dataDir;

    static RagServer server;
    static TestClient client;

    @BeforeAll
    static void start() {
        server = TestServers.start(dataDir, "MAX_BODY_BYTES", "2000");
        client = new TestClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /query     | {"question": "x"                          | application/json | 400 | malformed_json
            /query     | [1, 2]                                    | application/json | 400 | malformed_json
            /query     | {}                                        | application/json | 400 | missing_field
            /query     | {"question": 42}                          | application/json | 400 | invalid_field
            /query     | {"question": "   "}                       | application/json | 400 | empty_question
            /query     | {"question": "x", "k": 0}                 | application/json | 400 | invalid_k
            /query     | {"question": "x", "k": 101}               | application/json | 400 | invalid_k
            /query     | {"question": "x", "k": "5"}               | application/json | 400 | invalid_field
            /query     | {"question": "x", "k": 2.5}               | application/json | 400 | invalid_field
            /query     | {"question": "x", "use_cache": "no"}      | application/json | 400 | invalid_field
            /query     | {"question": "x", "mode": "magic"}        | application/json | 400 | invalid_mode
            /query     | {"question": "x", "filter": [1]}          | application/json | 400 | invalid_filter
            /query     | {"question": "x", "filter": {"a": {"$gt": "b"}}} | application/json | 400 | invalid_filter
            /query     | {"question": "x", "filter": {"$nor": []}} | application/json | 400 | invalid_filter
            /query     | {"question": "x", "namespace": "a b"}     | application/json | 400 | invalid_namespace
            /query     | question=x                                | text/plain       | 415 | unsupported_media_type
            /documents | {}                                        | application/json | 400 | missing_field
            /documents | {"texts": []}                             | application/json | 400 | invalid_field
            /documents | {"texts": "abc"}                          | application/json | 400 | invalid_field
            /documents | {"texts": [1]}                            | application/json | 400 | invalid_field
            /documents | {"texts": [""]}                           | application/json | 400 | empty_text
            /documents | {"texts": ["a", "b"], "metadatas": [{}]}  | application/json | 400 | length_mismatch
            /documents | {"texts": ["a"], "ids": ["x", "y"]}       | application/json | 400 | length_mismatch
            /documents | {"texts": ["a"], "metadatas": [{"m": {"nested": 1}}]} | application/json | 400 | invalid_metadata
            /documents | {"texts": ["a"], "metadatas": [{"m": [1, "x"]}]}      | application/json | 400 | invalid_metadata
            /documents | {"texts": ["a", "b"], "ids": ["same", "same"]}        | application/json | 400 | duplicate_id
            """)
    void rejectsWithAClearJsonError(String path, String body, String contentType, int status, String code) {
        TestClient.Reply reply = client.post(path, contentType, body);
        assertError(reply, status, code);
    }

    @Test
    void rejectsBodiesOverTheLimit() {
        String big = "{\"texts\": [\"" + "word ".repeat(1000) + "\"]}";
        assertError(client.postJson("/documents", big), 413, "payload_too_large");
    }

    @Test
    void answersUnknownPathsAndMethodsWithJson() {
        assertError(client.get("/query"), 405, "method_not_allowed");
        assertThat(client.get("/query").raw().headers().firstValue("Allow")).contains("POST");
        assertError(client.get("/nowhere"), 404, "not_found");
    }

    private static void assertError(TestClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode error = reply.json().get("error");
        assertThat(error).as(reply.body()).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
