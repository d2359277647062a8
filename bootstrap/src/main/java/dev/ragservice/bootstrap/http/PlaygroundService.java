package dev.ragservice.bootstrap.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /ui/}: the browser playground, static files from the jar's {@code ui/} folder. Public (the page holds
 * no data; the API calls it makes carry the key the person types), never rate limited, and locked down: a strict
 * {@code Content-Security-Policy} (scripts, styles and requests from this origin only, no inline code, no framing),
 * {@code nosniff}, a content type from a fixed list of extensions, and names that cannot leave the folder (every
 * segment is a plain file name: no {@code ..}, no hidden files, no directory listings). Anything else is the usual
 * JSON 404.
 */
public final class PlaygroundService implements HttpService {

    /** What the page may load and where it may connect: its own origin only, nothing inline, never in a frame. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private static final String FOLDER = "ui/";
    private static final String INDEX = "index.html";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");
    /** One path segment: a file or folder name that does not start with a dot. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final ClassLoader resources;

    public PlaygroundService() {
        this(PlaygroundService.class.getClassLoader());
    }

    PlaygroundService(ClassLoader resources) {
        this.resources = resources;
    }

    @Override
    public void routing(HttpRules rules) {
        String root = Endpoint.UI.path();
        rules.get(root, this::redirect)
                .get(root + "/", (request, response) -> send(response, INDEX))
                .get(root + "/*", this::file)
                .any(root, MethodNotAllowed.allow("GET"))
                .any(root + "/*", MethodNotAllowed.allow("GET"));
    }

    /** Relative, so the page's own relative links work behind a proxy that adds a path prefix. */
    private void redirect(ServerRequest request, ServerResponse response) {
        response.status(Status.MOVED_PERMANENTLY_301)
                .header(HeaderNames.LOCATION, "ui/")
                .send();
    }

    private void file(ServerRequest request, ServerResponse response) {
        String path = request.prologue().uriPath().path();
        String name = path.substring(Endpoint.UI.path().length() + 1);
        if (name.isEmpty() || name.endsWith("/")) {
            name += INDEX;
        }
        send(response, name);
    }

    private void send(ServerResponse response, String name) {
        Optional<String> type = typeOf(name);
        byte[] body = type.flatMap(ignored -> read(name)).orElseThrow(() -> notFound(name));
        response.header(HeaderNames.CONTENT_TYPE, type.get())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                // Small files that change with the jar: always revalidate, so an upgrade is seen at once.
                .header(HeaderNames.CACHE_CONTROL, "no-cache")
                .send(body);
    }

    /** The content type of a name that may be served; empty for anything that is not a plain file of a known kind. */
    static Optional<String> typeOf(String name) {
        String[] segments = name.split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.empty();
            }
        }
        String last = segments[segments.length - 1];
        int dot = last.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(TYPES.get(last.substring(dot + 1)));
    }

    private Optional<byte[]> read(String name) {
        try (InputStream in = resources.getResourceAsStream(FOLDER + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiException notFound(String name) {
        return new ApiException(404, "not_found", "no such file: " + Endpoint.UI.path() + "/" + name);
    }
}
