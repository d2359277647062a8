package dev.ragservice.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error bodies as OpenAI and compatible servers send them, and what is left when a body is none of those. */
class ErrorBodyTest {

    @Test
    void readsOpenAisEnvelope() {
        String quota = OpenAiWire.error("You exceeded your current quota.", "insufficient_quota", "insufficient_quota");

        assertThat(ErrorBody.parse(quota))
                .isEqualTo(new ErrorBody("You exceeded your current quota.", "insufficient_quota"));
    }

    @Test
    void readsANumericCodeAndTheFlatFormOfOlderVllm() {
        assertThat(ErrorBody.parse("""
                {"error": {"object": "error", "message": "max_tokens is too large", "type": "BadRequestError",
                 "param": null, "code": 400}}""")).isEqualTo(new ErrorBody("max_tokens is too large", "400"));
        assertThat(ErrorBody.parse("""
                {"object": "error", "message": "The model `llama` does not exist.", "type": "NotFoundError",
                 "param": null, "code": 404}""")).isEqualTo(new ErrorBody("The model `llama` does not exist.", "404"));
    }

    @Test
    void readsAnErrorGivenAsAString() {
        assertThat(ErrorBody.parse("{\"error\": \"model 'llama3.1' not found\"}"))
                .isEqualTo(new ErrorBody("model 'llama3.1' not found", null));
    }

    @Test
    void anyOtherBodyIsItsOwnMessageCutToItsStart() {
        assertThat(ErrorBody.parse("{\"detail\": [{\"msg\": \"field required\"}]}")
                        .message())
                .isEqualTo("{\"detail\": [{\"msg\": \"field required\"}]}");
        String page = "<html><body><h1>502 Bad Gateway</h1>" + "x".repeat(2_000) + "</body></html>";
        assertThat(ErrorBody.parse(page).message())
                .startsWith("<html><body><h1>502 Bad Gateway</h1>")
                .hasSizeLessThan(page.length());
        assertThat(ErrorBody.parse("").message()).isEmpty();
    }
}
