package dev.ragservice.benchmarks.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running service under mixed load, the successor of the seed's locust file: clients asking questions (a
 * rotating set of 100, so some answers come from the cache until an ingest invalidates it) while other clients
 * keep ingesting new documents into the same namespace. Closed model: a fixed number of clients, each sending its
 * next request when the last one is answered, until the run's duration is up.
 *
 * <p>System properties: {@code baseUrl} (default {@code http://127.0.0.1:8000}), {@code duration} seconds (60),
 * {@code queryUsers} (8), {@code uncachedQueryUsers} (2), {@code ingestUsers} (1), {@code textsPerIngest} (10).
 * The run fails if more than 1% of requests fail.
 */
public class IngestAndQuerySimulation extends Simulation {

    static final String NAMESPACE = "load-test";
    static final int QUESTIONS = 100;

    private final String baseUrl = System.getProperty("baseUrl", "http://127.0.0.1:8000");
    private final Duration duration = Duration.ofSeconds(Long.getLong("duration", 60));
    private final int queryUsers = Integer.getInteger("queryUsers", 8);
    private final int uncachedQueryUsers = Integer.getInteger("uncachedQueryUsers", 2);
    private final int ingestUsers = Integer.getInteger("ingestUsers", 1);
    private final int textsPerIngest = Integer.getInteger("textsPerIngest", 10);

    private final Paragraphs paragraphs = new Paragraphs(11);
    private final List<String> questions = paragraphs.questions(QUESTIONS);
    private final AtomicLong nextQuestion = new AtomicLong();
    private final AtomicLong nextDocument = new AtomicLong();

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .contentTypeHeader("application/json")
            .acceptHeader("application/json")
            .shareConnections();

    private final ScenarioBuilder query = scenario("query")
            .forever()
            .on(http("POST /query")
                    .post("/query")
                    .body(StringBody(session -> queryBody(true)))
                    .check(status().is(200), jsonPath("$.answer").exists()));

    private final ScenarioBuilder uncachedQuery = scenario("uncached query")
            .forever()
            .on(http("POST /query use_cache=false")
                    .post("/query")
                    .body(StringBody(session -> queryBody(false)))
                    .check(status().is(200), jsonPath("$.cached").is("false")));

    private final ScenarioBuilder ingest = scenario("ingest")
            .forever()
            .on(http("POST /documents")
                    .post("/documents")
                    .body(StringBody(session -> ingestBody(textsPerIngest)))
                    .check(status().is(200), jsonPath("$.chunks").exists()));

    {
        setUp(
                        query.injectOpen(atOnceUsers(queryUsers)),
                        uncachedQuery.injectOpen(atOnceUsers(uncachedQueryUsers)),
                        ingest.injectOpen(atOnceUsers(ingestUsers)))
                .protocols(protocol)
                // Every client loops until the run's time is up.
                .maxDuration(duration)
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    /** Gives the questions something to find before the clock starts. */
    @Override
    public void before() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/documents"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(ingestBody(20)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(
                            "seeding " + baseUrl + " failed: " + response.statusCode() + " " + response.body());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("no service at " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String queryBody(boolean useCache) {
        String question = questions.get((int) (nextQuestion.getAndIncrement() % QUESTIONS));
        return "{\"question\":\"" + question + "\",\"k\":5,\"use_cache\":" + useCache + ",\"namespace\":\"" + NAMESPACE
                + "\"}";
    }

    /** Texts are letters, spaces and full stops only, so they need no JSON escaping. */
    private String ingestBody(int texts) {
        StringBuilder body = new StringBuilder("{\"namespace\":\"" + NAMESPACE + "\",\"texts\":[");
        StringBuilder ids = new StringBuilder("],\"ids\":[");
        for (int i = 0; i < texts; i++) {
            String separator = i == 0 ? "" : ",";
            body.append(separator).append('"').append(paragraphs.next()).append('"');
            ids.append(separator)
                    .append("\"load-")
                    .append(nextDocument.getAndIncrement())
                    .append('"');
        }
        return body.append(ids).append("]}").toString();
    }
}
