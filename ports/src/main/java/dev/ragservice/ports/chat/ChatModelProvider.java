package dev.ragservice.ports.chat;

import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;

/** Creates a {@link ChatModel}; selected by {@code LLM_PROVIDER}. */
public interface ChatModelProvider extends NamedProvider {

    ChatModel create(PluginConfig config);
}
