package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SemanticCacheSettingsTest {

    @Test
    void zeroIsOffAndAnyThresholdUpToOneIsOn() {
        assertThat(SemanticCacheSettings.off().enabled()).isFalse();
        assertThat(new SemanticCacheSettings(0).enabled()).isFalse();
        assertThat(new SemanticCacheSettings(Double.MIN_VALUE).enabled()).isTrue();
        assertThat(new SemanticCacheSettings(1, 1).enabled()).isTrue();
        assertThat(new SemanticCacheSettings(0.95).maxEntriesPerScope())
                .isEqualTo(SemanticCacheSettings.DEFAULT_MAX_ENTRIES_PER_SCOPE);
    }

    @Test
    void rejectsWhatIsNoCosineThresholdAndEmptyScopes() {
        for (double threshold : new double[] {-0.1, 1.0001, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new SemanticCacheSettings(threshold, 10))
                    .as("threshold " + threshold)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("threshold");
        }
        assertThatThrownBy(() -> new SemanticCacheSettings(0.9, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntriesPerScope");
    }
}
