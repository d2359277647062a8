package dev.ragservice.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.ports.vector.MetadataValue;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataParserTest {

    private static void assertInvalid(Object json, String... messageParts) {
        assertThatThrownBy(() -> MetadataParser.parse(json, RequestLimits.DEFAULTS))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_metadata");
                    assertThat(e.getMessage()).contains(messageParts);
                });
    }

    @Test
    void readsEveryKindAndDropsNulls() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", "Attention is all you need");
        json.put("year", 2017);
        json.put("score", 0.87);
        json.put("big", new BigDecimal("12.5"));
        json.put("peer_reviewed", true);
        json.put("tags", List.of("nlp", "transformers"));
        json.put("empty_tags", List.of());
        json.put("editor", null);

        Map<String, MetadataValue> metadata = MetadataParser.parse(json, RequestLimits.DEFAULTS);

        assertThat(metadata)
                .containsExactly(
                        Map.entry("title", MetadataValue.of("Attention is all you need")),
                        Map.entry("year", MetadataValue.of(2017)),
                        Map.entry("score", MetadataValue.of(0.87)),
                        Map.entry("big", MetadataValue.of(12.5)),
                        Map.entry("peer_reviewed", MetadataValue.of(true)),
                        Map.entry("tags", MetadataValue.of(List.of("nlp", "transformers"))),
                        Map.entry("empty_tags", MetadataValue.of(List.of())));
    }

    @Test
    void nullIsNoMetadata() {
        assertThat(MetadataParser.parse(null, RequestLimits.DEFAULTS)).isEmpty();
    }

    @Test
    void refusesNestedObjectsMixedListsAndNonObjects() {
        assertInvalid(Map.of("author", Map.of("name", "x")), "metadata 'author'", "nested objects");
        assertInvalid(Map.of("tags", List.of("a", 1)), "metadata 'tags'", "only strings", "element 1", "number 1");
        assertInvalid(Map.of("tags", Arrays.asList("a", null)), "metadata 'tags'", "element 1 is null");
        assertInvalid(List.of("a"), "metadata must be a JSON object");
        assertInvalid("text", "metadata must be a JSON object");
    }

    @Test
    void refusesKeysFiltersCouldNotAddress() {
        assertInvalid(Map.of("$or", "x"), "must not start with '$'");
        assertInvalid(Map.of(" ", "x"), "must not be blank");
    }

    @Test
    void refusesIntegersADoubleCannotHold() {
        assertInvalid(Map.of("id", 9_007_199_254_740_993L), "metadata 'id'", "cannot be kept exactly", "string");
        assertThat(MetadataParser.parse(Map.of("id", 9_007_199_254_740_992L), RequestLimits.DEFAULTS))
                .containsKey("id");
    }

    @Test
    void toJsonGivesWholeNumbersAsLongs() {
        assertThat(MetadataParser.toJson(MetadataValue.of(2017))).isEqualTo(2017L);
        assertThat(MetadataParser.toJson(MetadataValue.of(-3.0))).isEqualTo(-3L);
        assertThat(MetadataParser.toJson(MetadataValue.of(0.5))).isEqualTo(0.5);
        assertThat(MetadataParser.toJson(MetadataValue.of(1e300))).isEqualTo(1e300);
        assertThat(MetadataParser.toJson(MetadataValue.of("x"))).isEqualTo("x");
        assertThat(MetadataParser.toJson(MetadataValue.of(true))).isEqualTo(true);
        assertThat(MetadataParser.toJson(MetadataValue.of(List.of("a", "b")))).isEqualTo(List.of("a", "b"));
    }

    @Test
    void parseAndToJsonRoundTrip() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", "T");
        json.put("year", 2017L);
        json.put("score", 0.5);
        json.put("ok", false);
        json.put("tags", List.of("a"));

        Map<String, Object> back = new LinkedHashMap<>();
        MetadataParser.parse(json, RequestLimits.DEFAULTS)
                .forEach((key, value) -> back.put(key, MetadataParser.toJson(value)));

        assertThat(back).isEqualTo(json);
    }

    @Test
    void metadataBeyondItsLimitsIsRefusedNamingTheLimit() {
        RequestLimits small = new RequestLimits(10, 1000, 100, 40, 2, 8, 10, 100);
        assertThatThrownBy(() -> MetadataParser.parse(Map.of("a", 1, "b", 2, "c", 3), small))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("MAX_METADATA_KEYS");
        assertThatThrownBy(() -> MetadataParser.parse(Map.of("a-long-key", 1), small))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("MAX_METADATA_KEY_CHARS");
        assertThatThrownBy(() -> MetadataParser.parse(Map.of("a", "x".repeat(30), "b", "é".repeat(6)), small))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("MAX_METADATA_BYTES");
        assertThat(MetadataParser.parse(Map.of("a", "x".repeat(30), "b", "y"), small))
                .hasSize(2);
    }

    @Test
    void keysOfTheStoresOwnBookkeepingAreReservedEverywhere() {
        assertThatThrownBy(() -> MetadataParser.parse(Map.of("_text", "x"), RequestLimits.DEFAULTS))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'_'");
    }
}
