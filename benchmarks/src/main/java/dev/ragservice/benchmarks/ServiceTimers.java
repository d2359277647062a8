package dev.ragservice.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The service's own timers at one moment: the {@code _sum} and {@code _count} series of its {@code rag_*_seconds}
 * histograms, scraped from {@code /metrics}. Two scrapes around a measurement say where the requests of that
 * measurement spent their time: per request, so much in the embedding model, so much in the LLM, and so on.
 */
public record ServiceTimers(Map<String, Double> series) {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static ServiceTimers scrape(String baseUrl) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + response.statusCode());
            }
            Map<String, Double> series = new HashMap<>();
            response.body()
                    .lines()
                    .filter(line -> line.startsWith("rag_") && (line.contains("_sum") || line.contains("_count")))
                    .forEach(line -> {
                        int space = line.lastIndexOf(' ');
                        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                    });
            return new ServiceTimers(Map.copyOf(series));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Seconds and calls of histogram {@code metric} since {@code before}, over its series whose labels include
     * every one of {@code labels} (each {@code name="value"}).
     */
    public Timed since(ServiceTimers before, String metric, String... labels) {
        return new Timed(
                total(metric + "_sum", labels) - before.total(metric + "_sum", labels),
                Math.round(total(metric + "_count", labels) - before.total(metric + "_count", labels)));
    }

    private double total(String name, String... labels) {
        return series.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(name + "{")
                        && Arrays.stream(labels)
                                .allMatch(label -> entry.getKey().contains(label)))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** Time spent in an operation and how many calls it took. */
    public record Timed(double seconds, long calls) {

        /** Milliseconds per one of {@code requests} (not per call: a request may make several calls). */
        public double millisPer(long requests) {
            return requests == 0 ? 0 : seconds * 1000 / requests;
        }
    }
}
