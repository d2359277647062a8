package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.domain.fakes.FailingCache;
import dev.ragservice.domain.fakes.InMemoryCache;
import dev.ragservice.domain.fakes.RecordingCacheListener;
import org.junit.jupiter.api.Test;

class CorpusVersionsTest {

    @Test
    void countsBumpsPerNamespace() {
        CorpusVersions versions = new CorpusVersions(new InMemoryCache());

        assertThat(versions.current("a")).isZero();
        versions.bump("a");
        versions.bump("a");
        versions.bump("b");

        assertThat(versions.current("a")).isEqualTo(2);
        assertThat(versions.current("b")).isEqualTo(1);
    }

    @Test
    void replicasSharingTheCacheSeeEachOthersBumps() {
        InMemoryCache shared = new InMemoryCache();
        CorpusVersions replicaOne = new CorpusVersions(shared);
        CorpusVersions replicaTwo = new CorpusVersions(shared);

        replicaOne.bump("ns");

        assertThat(replicaTwo.current("ns")).isEqualTo(1);
    }

    @Test
    void aFailingCacheGivesAnUnknownVersionAndBumpsAreSwallowedButReported() {
        RecordingCacheListener listener = new RecordingCacheListener();
        CorpusVersions versions = new CorpusVersions(new FailingCache(), listener);

        versions.bump("ns");

        assertThat(versions.current("ns")).isEqualTo(CorpusVersions.UNKNOWN);
        assertThat(listener.events()).containsExactly("error:corpus_version", "error:corpus_version");
    }
}
