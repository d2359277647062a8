package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheCodecTest {

    static SearchHit hit(String id, Map<String, MetadataValue> metadata) {
        return new SearchHit(
                id,
                id.substring(0, id.indexOf('#')),
                Integer.parseInt(id.substring(id.indexOf('#') + 1)),
                "Text of " + id + " — with ünïcödé and 😀.",
                metadata,
                0.125 + id.length());
    }

    @Test
    void vectorsRoundTripBitForBit() {
        float[] vector = {0f, -0f, 1.5f, -3.25e-7f, Float.MIN_VALUE, Float.MAX_VALUE};

        assertThat(CacheCodec.decodeVector(CacheCodec.encodeVector(vector)))
                .hasValueSatisfying(
                        decoded -> assertThat(Arrays.equals(decoded, vector)).isTrue());
        assertThat(CacheCodec.decodeVector(CacheCodec.encodeVector(new float[0])))
                .hasValueSatisfying(decoded -> assertThat(decoded).isEmpty());
    }

    @Test
    void hitsRoundTripWithEveryMetadataKind() {
        List<SearchHit> hits = List.of(
                hit(
                        "doc-a#0",
                        Map.of(
                                "title", MetadataValue.of("Attention"),
                                "empty", MetadataValue.of(""),
                                "year", MetadataValue.of(2017),
                                "score", MetadataValue.of(-0.5),
                                "tiny", MetadataValue.of(Double.MIN_VALUE),
                                "peer_reviewed", MetadataValue.of(true),
                                "draft", MetadataValue.of(false),
                                "tags", MetadataValue.of(List.of("nlp", "ünïcödé", "")),
                                "no_tags", MetadataValue.of(List.of()))),
                hit("doc-b#12", Map.of()));

        assertThat(CacheCodec.decodeHits(CacheCodec.encodeHits(hits))).contains(hits);
        assertThat(CacheCodec.decodeHits(CacheCodec.encodeHits(List.of()))).contains(List.of());
    }

    @Test
    void textsLongerThanWriteUtfAllowsRoundTrip() {
        String longText = "é".repeat(70_000); // 140 000 bytes of UTF-8
        SearchHit hit = new SearchHit("d#0", "d", 0, longText, Map.of("t", MetadataValue.of(longText)), 1);

        assertThat(CacheCodec.decodeHits(CacheCodec.encodeHits(List.of(hit)))).contains(List.of(hit));
    }

    @Test
    void answersRoundTrip() {
        CachedAnswer answer = new CachedAnswer(
                "Transformers use attention [1].",
                List.of(hit("doc-a#0", Map.of("year", MetadataValue.of(2017)))),
                "gpt-4o-mini");

        assertThat(CacheCodec.decodeAnswer(CacheCodec.encodeAnswer(answer))).contains(answer);
    }

    @Test
    void semanticIndexesRoundTripBitForBit() {
        SemanticIndex index = new SemanticIndex(List.of(
                new SemanticEntry("rag:v1:response:" + "a".repeat(64), new float[] {0f, -0f, 1.5f, Float.MIN_VALUE}),
                new SemanticEntry("rag:v1:response:" + "b".repeat(64), new float[] {Float.NaN, -3.25e-7f}),
                new SemanticEntry("", new float[0])));

        assertThat(CacheCodec.decodeSemanticIndex(CacheCodec.encodeSemanticIndex(index)))
                .contains(index);
        assertThat(CacheCodec.decodeSemanticIndex(CacheCodec.encodeSemanticIndex(SemanticIndex.EMPTY)))
                .contains(SemanticIndex.EMPTY);
    }

    @Test
    void aCorruptSemanticIndexIsAnError() {
        byte[] bytes = CacheCodec.encodeSemanticIndex(
                new SemanticIndex(List.of(new SemanticEntry("key", new float[] {1f, 2f}))));

        assertThatThrownBy(() -> CacheCodec.decodeSemanticIndex(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CacheCodec.decodeSemanticIndex(CacheCodec.encodeVector(new float[] {1f})))
                .hasMessageContaining("kind");
        assertThatThrownBy(() -> CacheCodec.decodeAnswer(bytes)).hasMessageContaining("kind");
    }

    @Test
    void aValueOfAnotherFormatVersionIsAMiss() {
        byte[] bytes = CacheCodec.encodeVector(new float[] {1f});
        bytes[0] = CacheCodec.FORMAT + 1;

        assertThat(CacheCodec.decodeVector(bytes)).isEmpty();
        assertThat(CacheCodec.decodeVector(new byte[0])).isEmpty();
    }

    @Test
    void aCorruptValueIsAnError() {
        byte[] hits = CacheCodec.encodeHits(List.of(hit("doc-a#0", Map.of())));
        byte[] truncated = Arrays.copyOf(hits, hits.length - 3);
        byte[] padded = Arrays.copyOf(hits, hits.length + 1);

        assertThatThrownBy(() -> CacheCodec.decodeHits(truncated)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CacheCodec.decodeHits(padded)).hasMessageContaining("left over");
        assertThatThrownBy(() -> CacheCodec.decodeAnswer(hits)).hasMessageContaining("kind");
        byte[] hugeLength = {CacheCodec.FORMAT, 1, 0x7f, 0, 0, 0};
        assertThatThrownBy(() -> CacheCodec.decodeVector(hugeLength)).hasMessageContaining("exceeds");
    }
}
