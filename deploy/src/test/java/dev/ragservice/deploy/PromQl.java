package dev.ragservice.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression (or a Grafana query, with its {@code $variables}) reads: the metric names and the
 * label names of its matchers. Enough of the grammar for dashboards and alert rules: strings, label matchers,
 * range selectors, grouping clauses, function calls and keywords are told apart; anything else that looks
 * like a name is a metric.
 */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan",
            "Inf",
            "NaN");

    private PromQl() {}

    /** The metric names an expression reads. */
    static Set<String> metrics(String expression) {
        String text = STRING.matcher(expression).replaceAll("\"\"");
        text = text.replaceAll("\\{[^}]*}", " ");
        text = text.replaceAll("\\[[^\\]]*]", " ");
        text = GROUPING.matcher(text).replaceAll(" ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher name = NAME.matcher(text);
        while (name.find()) {
            boolean call = name.group(2) != null;
            if (!call && !KEYWORDS.contains(name.group(1))) {
                metrics.add(name.group(1));
            }
        }
        return metrics;
    }

    /** The label names each metric's matchers use: {@code rag_requests_total{status=~"5.."}} gives status. */
    static Map<String, Set<String>> matcherLabels(String expression) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(expression);
        while (selector.find()) {
            String matchers = STRING.matcher(selector.group(2)).replaceAll("\"\"");
            Matcher label = MATCHER_LABEL.matcher(matchers);
            while (label.find()) {
                labels.computeIfAbsent(selector.group(1), metric -> new LinkedHashSet<>())
                        .add(label.group(1));
            }
        }
        return labels;
    }
}
