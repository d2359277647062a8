package dev.ragservice.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class ClientKeyTest {

    @Property
    void theRawKeyNeverShowsAndEqualKeysMeetInOneState(@ForAll @StringLength(min = 8, max = 80) String apiKey) {
        ClientKey key = ClientKey.ofApiKey(apiKey);
        assertThat(key.value()).doesNotContain(apiKey).matches("key:[0-9a-f]{32}");
        assertThat(key.toString()).isEqualTo(key.value());
        assertThat(ClientKey.ofApiKey(apiKey)).isEqualTo(key);
        assertThat(ClientKey.ofAddress(apiKey)).as("an address is never taken for a key").isNotEqualTo(key);
    }
}
