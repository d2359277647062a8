package dev.ragservice.bootstrap.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats every log record as one JSON line. Access records are already JSON objects and are merged into the
 * line; other messages become the {@code message} field.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(256)
                .append("{\"ts\":\"")
                .append(Instant.ofEpochMilli(record.getMillis()))
                .append('"')
                .append(",\"level\":\"")
                .append(record.getLevel().getName())
                .append('"')
                .append(",\"logger\":")
                .append(JsonLogLine.quote(String.valueOf(record.getLoggerName())));
        String message = formatMessage(record);
        if (message != null && message.startsWith("{\"type\":")) {
            line.append(',').append(message, 1, message.length() - 1);
        } else {
            line.append(",\"message\":").append(JsonLogLine.quote(String.valueOf(message)));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(",\"error\":").append(JsonLogLine.quote(trace.toString()));
        }
        return line.append("}\n").toString();
    }
}
