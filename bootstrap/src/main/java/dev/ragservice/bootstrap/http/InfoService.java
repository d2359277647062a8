package dev.ragservice.bootstrap.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /}: what this service is and which endpoints it has. It does no work, so it also serves as the
 * bare JSON endpoint that benchmarks compare the real endpoints against.
 */
public final class InfoService implements HttpService {

    record Info(String service, List<String> endpoints) {}

    private static final Info INFO = new Info(
            "rag-service",
            Arrays.stream(Endpoint.values())
                    .flatMap(endpoint -> endpoint.routes().stream())
                    .toList());

    private final Json json;

    public InfoService(Json json) {
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(Endpoint.INFO.path(), this::info);
    }

    private void info(ServerRequest request, ServerResponse response) {
        json.send(response, 200, INFO);
    }
}
