package dev.ragservice.adapters.openai;

import dev.ragservice.ports.Nullable;
import java.util.List;

/**
 * The body of {@code POST /embeddings}, written with snake_case names.
 *
 * @param encodingFormat always {@code float}: base64 is smaller on the wire, but not every compatible server
 *                       speaks it (a base64 answer is still read, for servers that send it anyway)
 * @param dimensions     null unless it shortens the vectors: a server of another model may reject the parameter
 */
record EmbeddingsRequest(
        String model,
        List<String> input,
        String encodingFormat,
        @Nullable Integer dimensions) {

    static EmbeddingsRequest of(OpenAiEmbeddingSettings settings, List<String> input) {
        return new EmbeddingsRequest(
                settings.model(), input, "float", settings.sendDimensions() ? settings.dimension() : null);
    }
}
