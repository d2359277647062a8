package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentValuesTest {

    private final List<String> computed = new ArrayList<>();
    private final RecentValues<String, String> values = new RecentValues<>(2);

    private String upper(String key) {
        computed.add(key);
        return key.toUpperCase();
    }

    @Test
    void computesEachKeyOnceWhileRemembered() {
        assertThat(values.get("a", this::upper)).isEqualTo("A");
        assertThat(values.get("b", this::upper)).isEqualTo("B");
        assertThat(values.get("a", this::upper)).isEqualTo("A");

        assertThat(computed).containsExactly("a", "b");
    }

    @Test
    void forgetsEverythingWhenFullAndStaysCorrect() {
        values.get("a", this::upper);
        values.get("b", this::upper);
        assertThat(values.get("c", this::upper)).isEqualTo("C");
        assertThat(values.get("a", this::upper)).isEqualTo("A");
        assertThat(values.get("c", this::upper)).isEqualTo("C");

        assertThat(computed).containsExactly("a", "b", "c", "a");
    }

    @Test
    void aNullResultIsNotRemembered() {
        assertThat(values.get("a", key -> null)).isNull();
        assertThat(values.get("a", this::upper)).isEqualTo("A");
    }
}
