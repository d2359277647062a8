package dev.ragservice.domain.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.TestRequests;
import dev.ragservice.ports.vector.Filter;
import org.junit.jupiter.api.Test;

class QuestionTest {

    private static void assertCode(Runnable action, String code) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        InvalidRequestException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void validatesTextAndK() {
        assertCode(() -> new Question("ns", " ", 5, null, null, true, TestRequests.context()), "empty_question");
        assertCode(() -> new Question("ns", null, 5, null, null, true, TestRequests.context()), "empty_question");
        assertCode(() -> new Question("ns", "q", 0, null, null, true, TestRequests.context()), "invalid_k");
        assertCode(() -> new Question("ns", "q", 101, null, null, true, TestRequests.context()), "invalid_k");
        assertCode(() -> new Question("", "q", 5, null, null, true, TestRequests.context()), "invalid_namespace");
        assertThat(new Question("ns", "q", 100, null, null, true, TestRequests.context()).k())
                .isEqualTo(100);
    }

    @Test
    void noFilterMeansAll() {
        assertThat(new Question("ns", "q", 1, null, SearchMode.VECTOR, true, TestRequests.context()).filter())
                .isEqualTo(Filter.ALL);
    }

    @Test
    void modesParseInAnyCaseAndUnknownOnesListTheAllowed() {
        assertThat(SearchMode.parse("Hybrid")).isEqualTo(SearchMode.HYBRID);
        assertThat(SearchMode.parse(" keyword ")).isEqualTo(SearchMode.KEYWORD);
        assertThatThrownBy(() -> SearchMode.parse("semantic"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_mode");
                    assertThat(e.getMessage()).contains("semantic", "vector, keyword, hybrid");
                });
        assertCode(() -> SearchMode.parse(null), "invalid_mode");
    }
}
