package dev.ragservice.ports.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkTest {

    @Test
    void anUpsertIsGroupedByDocumentInOrderAndARepeatedChunkKeepsItsLastVersion() {
        Chunk a0 = chunk("a", 0, "a0");
        Chunk b0 = chunk("b", 0, "b0");
        Chunk a1 = chunk("a", 1, "a1");
        Chunk a0Again = chunk("a", 0, "a0, revised");

        Map<String, List<Chunk>> documents = Chunk.byDocument(List.of(a0, b0, a1, a0Again));

        assertThat(documents.keySet()).containsExactly("a", "b");
        assertThat(documents.get("a")).containsExactly(a0Again, a1);
        assertThat(documents.get("b")).containsExactly(b0);
        assertThat(Chunk.byDocument(List.of())).isEmpty();
    }

    @Test
    void aStoreOfAnIndexComparesOnlyVectorsOfItsDimensionWithADirection() {
        IndexSpec spec = new IndexSpec("model", 3);

        spec.requireComparable(new float[] {0, 0, -0.5f});
        assertThatThrownBy(() -> spec.requireComparable(new float[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 dimensions")
                .hasMessageContaining("model");
        assertThatThrownBy(() -> spec.requireComparable(new float[] {1, Float.NaN, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> spec.requireComparable(new float[] {0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero vector");
    }

    private static Chunk chunk(String document, int position, String text) {
        return new Chunk(document + "#" + position, document, position, text, new float[] {1, 0, 0}, Map.of());
    }
}
