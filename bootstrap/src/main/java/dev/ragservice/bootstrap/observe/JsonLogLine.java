package dev.ragservice.bootstrap.observe;

import java.util.Locale;

/** Builds the JSON of an access log line; every value is escaped, so a path cannot break the line apart. */
final class JsonLogLine {

    private JsonLogLine() {}

    static String access(String requestId, String method, String path, int status, double latencyMs) {
        return "{\"type\":\"access\",\"request_id\":" + quote(requestId) + ",\"method\":" + quote(method)
                + ",\"path\":" + quote(path) + ",\"status\":" + status + ",\"latency_ms\":"
                + String.format(Locale.ROOT, "%.2f", latencyMs) + "}";
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
