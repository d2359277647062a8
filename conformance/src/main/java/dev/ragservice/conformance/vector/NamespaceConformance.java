package dev.ragservice.conformance.vector;

import static dev.ragservice.conformance.vector.Fixtures.chunk;
import static dev.ragservice.conformance.vector.Fixtures.deadline;
import static dev.ragservice.conformance.vector.Fixtures.query;
import static dev.ragservice.conformance.vector.Fixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The vector-store kit's tier for {@link Capability#NAMESPACES}: namespaces are isolated from each other in
 * searches, stats, upserts and deletes, and a namespace nobody wrote is empty.
 */
public interface NamespaceConformance extends VectorStoreConformance {

    @Test
    default void namespacesDoNotSeeEachOther(VectorStore store) {
        store.upsert(
                "left",
                List.of(chunk("doc", 0, "left text", Map.of("side", MetadataValue.of("l")), 1, 0, 0, 0)),
                deadline());
        store.upsert(
                "right",
                List.of(
                        chunk("doc", 0, "right text", Map.of("side", MetadataValue.of("r")), 1, 0, 0, 0),
                        chunk("other", 0, "right text again", Map.of(), 0, 1, 0, 0)),
                deadline());

        assertThat(texts(store.search(query("left", 10, 1, 0, 0, 0), deadline())))
                .containsExactly("left text");
        assertThat(store.stats("left", deadline())).isEqualTo(new StoreStats(1, 1));

        store.deleteDocuments("left", List.of("doc"), deadline());

        assertThat(store.stats("left", deadline())).isEqualTo(new StoreStats(0, 0));
        assertThat(store.stats("right", deadline())).isEqualTo(new StoreStats(2, 2));
        assertThat(store.search(query("left", 10, 1, 0, 0, 0), deadline())).isEmpty();
        assertThat(texts(store.search(query("right", 10, 1, 0, 0, 0), deadline())))
                .containsExactly("right text", "right text again");
        assertThat(store.stats("nobody", deadline())).isEqualTo(new StoreStats(0, 0));
        assertThat(store.search(query("nobody", 10, 1, 0, 0, 0), deadline())).isEmpty();
    }

    @Test
    default void anUpsertInOneNamespaceReplacesNothingInAnother(VectorStore store) {
        store.upsert(
                "left",
                List.of(chunk("doc", 0, "l0", Map.of(), 1, 0, 0, 0), chunk("doc", 1, "l1", Map.of(), 0, 1, 0, 0)),
                deadline());

        store.upsert("right", List.of(chunk("doc", 0, "r0", Map.of(), 1, 0, 0, 0)), deadline());

        assertThat(store.stats("left", deadline())).isEqualTo(new StoreStats(1, 2));
        assertThat(texts(store.search(query("left", 10, 1, 1, 0, 0), deadline())))
                .containsExactlyInAnyOrder("l0", "l1");
    }
}
