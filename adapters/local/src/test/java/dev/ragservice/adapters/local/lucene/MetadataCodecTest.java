package dev.ragservice.adapters.local.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.ports.vector.MetadataValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataCodecTest {

    @Test
    void everyKindComesBackAsItWent() {
        Map<String, MetadataValue> metadata = Map.of(
                "text", MetadataValue.of("naïve ✓ 東京"),
                "empty", MetadataValue.of(""),
                "long", MetadataValue.of("x".repeat(70_000)),
                "number", MetadataValue.of(-0.0),
                "big", MetadataValue.of(1.7976931348623157e308),
                "yes", MetadataValue.of(true),
                "no", MetadataValue.of(false),
                "list", MetadataValue.of(List.of("b", "a", "b", "")),
                "none", MetadataValue.of(List.of()));

        byte[] bytes = MetadataCodec.encode(metadata);
        Map<String, MetadataValue> decoded = MetadataCodec.decode(bytes, 0, bytes.length);

        assertThat(decoded).isEqualTo(metadata);
        assertThat(((MetadataValue.Number) decoded.get("number")).value()).isEqualTo(-0.0);
    }

    @Test
    void readsFromTheMiddleOfABuffer() {
        byte[] bytes = MetadataCodec.encode(Map.of("k", MetadataValue.of(3)));
        byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 5, bytes.length);

        assertThat(MetadataCodec.decode(padded, 5, bytes.length)).isEqualTo(Map.of("k", MetadataValue.of(3)));
    }

    @Test
    void equalMetadataIsEqualBytes() {
        Map<String, MetadataValue> one = new LinkedHashMap<>();
        one.put("a", MetadataValue.of(1));
        one.put("b", MetadataValue.of("x"));
        Map<String, MetadataValue> other = new LinkedHashMap<>();
        other.put("b", MetadataValue.of("x"));
        other.put("a", MetadataValue.of(1));

        assertThat(MetadataCodec.encode(one)).isEqualTo(MetadataCodec.encode(other));
    }
}
