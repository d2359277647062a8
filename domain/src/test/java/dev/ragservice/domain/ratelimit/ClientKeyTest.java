package dev.ragservice.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.ragservice.domain.Texts;
import org.junit.jupiter.api.Test;

class ClientKeyTest {

    @Test
    void theRawKeyNeverShowsAndEqualKeysMeetInOneState() {
        // Any UTF-16 unit at all, lone surrogates included.
        qt().withExamples(1000)
                .forAll(Texts.of(integers().between(0, 0xFFFF).map(c -> (char) c.intValue()), 8, 80))
                .checkAssert(apiKey -> {
                    ClientKey key = ClientKey.ofApiKey(apiKey);
                    assertThat(key.value()).doesNotContain(apiKey).matches("key:[0-9a-f]{32}");
                    assertThat(key.toString()).isEqualTo(key.value());
                    assertThat(ClientKey.ofApiKey(apiKey)).isEqualTo(key);
                    assertThat(ClientKey.ofAddress(apiKey))
                            .as("an address is never taken for a key")
                            .isNotEqualTo(key);
                });
    }
}
