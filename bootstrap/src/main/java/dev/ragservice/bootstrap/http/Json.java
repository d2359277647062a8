package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Reads JSON request bodies within the size limit and writes JSON responses. Every way a body can be wrong
 * becomes an {@link ApiException} with a 4xx status, never a server error.
 */
public final class Json {

    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    private final long maxBodyBytes;
    /** Resolved once: the mapper would look the tree type and its deserializer up again for every body. */
    private final ObjectReader trees;

    public Json(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        mapper.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(64).build());
        this.trees = mapper.readerFor(JsonNode.class);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The body as a JSON object; 415 unless the content type is JSON, 413 above the limit, 400 if malformed. */
    public JsonNode readObject(ServerRequest request) {
        Optional<HttpMediaType> type = request.headers().contentType();
        if (type.isEmpty() || !type.get().test(MediaTypes.APPLICATION_JSON)) {
            throw new ApiException(
                    415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json");
        }
        if (request.headers().contentLength().orElse(0) > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body = readBounded(request);
        JsonNode node;
        try {
            node = trees.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("malformed_json", "the body must be a JSON object");
        }
        return node;
    }

    public void send(ServerResponse response, int status, Object body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            response.status(status);
            response.header(HeaderNames.CONTENT_TYPE, MediaTypes.APPLICATION_JSON.text());
            response.send(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }

    /**
     * Reads exactly the declared length, or, for a chunked body, stops one buffer past the limit. (Asking
     * {@code readNBytes} for "up to the limit" allocated and cleared a large buffer on every request.)
     */
    private byte[] readBounded(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        try (InputStream in = request.content().inputStream()) {
            if (declared >= 0) {
                return in.readNBytes((int) declared);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                body.write(buffer, 0, read);
                if (body.size() > maxBodyBytes) {
                    throw tooLarge();
                }
            }
            return body.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable_body", "the body could not be read: " + e.getMessage());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(
                413, "payload_too_large", "the body is larger than " + maxBodyBytes + " bytes (MAX_BODY_BYTES)");
    }
}
