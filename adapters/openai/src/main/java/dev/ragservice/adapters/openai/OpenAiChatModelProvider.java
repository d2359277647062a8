package dev.ragservice.adapters.openai;

import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatModelProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import java.time.Clock;

/**
 * {@code LLM_PROVIDER=openai}: chat completions over the OpenAI API (or a compatible server). Settings: those of
 * {@link OpenAiSettings} and {@link OpenAiChatSettings}.
 */
public final class OpenAiChatModelProvider implements ChatModelProvider {

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public ChatModel create(PluginConfig config) {
        OpenAiSettings connection = OpenAiSettings.from(config);
        OpenAiChatSettings settings = OpenAiChatSettings.from(config);
        OpenAiExceptionTranslator errors = new OpenAiExceptionTranslator(connection.apiKey(), Clock.systemUTC());
        return new OpenAiChatModel(new OpenAiApi(connection, errors), settings, errors);
    }
}
