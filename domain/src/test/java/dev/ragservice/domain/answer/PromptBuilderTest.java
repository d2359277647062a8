package dev.ragservice.domain.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.vector.SearchHit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {

    private static SearchHit hit(String id, String text) {
        return new SearchHit(id, id, 0, text, Map.of(), 1);
    }

    @Test
    void systemMessageInstructsAndNumbersTheSourcesInRankOrderAndTheUserAsks() {
        List<ChatMessage> messages = new PromptBuilder()
                .build(
                        "  What is RAG?  ",
                        List.of(
                                hit("a", "RAG retrieves documents first.\n"),
                                hit("b", "Then a model writes the answer.")));

        assertThat(messages).hasSize(2);
        ChatMessage system = messages.get(0);
        assertThat(system.role()).isEqualTo(ChatMessage.Role.SYSTEM);
        assertThat(system.content())
                .contains("only the numbered sources", "[1]", "[2]", "do not know")
                .contains("[1] RAG retrieves documents first.\n\n[2] Then a model writes the answer.");
        assertThat(system.content().indexOf("[1] RAG"))
                .isLessThan(system.content().indexOf("[2] Then"));
        assertThat(messages.get(1)).isEqualTo(ChatMessage.user("What is RAG?"));
    }

    @Test
    void theVersionIsPartOfCacheKeys() {
        assertThat(PromptBuilder.VERSION).isEqualTo("v1");
    }
}
