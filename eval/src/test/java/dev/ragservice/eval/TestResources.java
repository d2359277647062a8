package dev.ragservice.eval;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Files under {@code src/test/resources}, as paths. */
final class TestResources {

    private TestResources() {}

    static Path path(String resource) {
        URL url = TestResources.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no test resource " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
