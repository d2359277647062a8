package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.ragservice.bootstrap.http.QueryService.Source;
import dev.ragservice.ports.vector.SearchHit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code sources} of a query response as JSON, remembered for cached answers. A cache hit serves the same
 * sources again and again, and serialising them was the largest part of its cost. Entries are found by the
 * sources' value (equal hits always give equal JSON), so a source can never be served for a different one; at
 * most {@link #MAX_ENTRIES} are kept, all dropped at once when full (the answers still asked for come back on
 * their next hit).
 */
final class SourcesJson {

    /** Few, as sources can be large (up to 100 chunks of text); the popular answers are what matters. */
    static final int MAX_ENTRIES = 128;

    private final ObjectMapper mapper;
    private final Map<List<SearchHit>, RawValue> remembered = new ConcurrentHashMap<>();

    SourcesJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Remembered when {@code cached}: an answer just generated is unlikely to be served again by this path. */
    RawValue of(List<SearchHit> sources, boolean cached) {
        if (!cached) {
            return render(sources);
        }
        RawValue json = remembered.get(sources);
        if (json == null) {
            json = render(sources);
            if (remembered.size() >= MAX_ENTRIES) {
                remembered.clear();
            }
            remembered.put(sources, json);
        }
        return json;
    }

    private RawValue render(List<SearchHit> sources) {
        try {
            // Written as bytes, as the response is: the UTF-8 generator escapes what a String writer would not
            // (characters outside the BMP), so the bytes stay exactly those of serialising the sources in place.
            // Kept as a SerializedString, the JSON is encoded to UTF-8 once, not on every write.
            byte[] json =
                    mapper.writeValueAsBytes(sources.stream().map(Source::of).toList());
            return new RawValue(new SerializedString(new String(json, StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sources not serialisable", e);
        }
    }
}
