package dev.ragservice.adapters.openai;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.util.Objects;

/**
 * Which chat model to call. Temperature and the answer's length come with each request.
 *
 * @param model               {@code LLM_MODEL}, as the server names it
 * @param sendMaxTokensAsLegacyField {@code OPENAI_MAX_TOKENS_FIELD=max_tokens}: OpenAI deprecated
 *                            {@code max_tokens} for {@code max_completion_tokens} (its reasoning models refuse
 *                            the old one), while some compatible servers only know {@code max_tokens}
 */
public record OpenAiChatSettings(String model, boolean sendMaxTokensAsLegacyField) {

    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
    public static final String MAX_TOKENS = "max_tokens";

    public OpenAiChatSettings {
        Objects.requireNonNull(model, "model");
    }

    public static OpenAiChatSettings from(PluginConfig config) {
        String field = config.get("OPENAI_MAX_TOKENS_FIELD", MAX_COMPLETION_TOKENS);
        if (!field.equals(MAX_COMPLETION_TOKENS) && !field.equals(MAX_TOKENS)) {
            throw new PluginConfigException("OPENAI_MAX_TOKENS_FIELD must be " + MAX_COMPLETION_TOKENS + " or "
                    + MAX_TOKENS + ", got '" + field + "'");
        }
        return new OpenAiChatSettings(config.get("LLM_MODEL", DEFAULT_MODEL), field.equals(MAX_TOKENS));
    }
}
