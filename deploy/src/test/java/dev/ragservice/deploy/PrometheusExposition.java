package dev.ragservice.deploy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sample names of a Prometheus text exposition, each with the label names its samples carry. */
record PrometheusExposition(Map<String, Set<String>> labelsBySample) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    static PrometheusExposition parse(String text) {
        Map<String, Set<String>> labels = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            Set<String> names = labels.computeIfAbsent(sample.group(1), name -> new HashSet<>());
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    names.add(label.group(1));
                }
            }
        }
        return new PrometheusExposition(labels);
    }

    boolean has(String sample) {
        return labelsBySample.containsKey(sample);
    }

    Set<String> labels(String sample) {
        return labelsBySample.getOrDefault(sample, Set.of());
    }
}
