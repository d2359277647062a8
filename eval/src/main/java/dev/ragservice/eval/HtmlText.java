package dev.ragservice.eval;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a simple HTML page, much as Jsoup's {@code text()} gives it: tags, comments and script or style
 * bodies replaced by a space (a tag between two words never joins them), character references decoded, line
 * breaks kept. A {@code <} that does not start a tag (as in {@code 1 <= m <= n}) is text, as HTML parsers treat it.
 */
public final class HtmlText {

    private static final Pattern HIDDEN = Pattern.compile(
            "<!--.*?-->|<(script|style)\\b[^>]*>.*?</\\1\\s*>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^>]*>|<![A-Za-z][^>]*>");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);");
    private static final Map<String, String> NAMED =
            Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"", "apos", "'", "nbsp", " ");

    private HtmlText() {}

    public static String of(String html) {
        String text = TAG.matcher(HIDDEN.matcher(html).replaceAll(" ")).replaceAll(" ");
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder decoded = new StringBuilder(text.length());
        while (reference.find()) {
            reference.appendReplacement(decoded, Matcher.quoteReplacement(decode(reference.group(1))));
        }
        reference.appendTail(decoded);
        return decoded.toString();
    }

    private static String decode(String reference) {
        try {
            if (reference.startsWith("#x") || reference.startsWith("#X")) {
                return Character.toString(Integer.parseInt(reference.substring(2), 16));
            }
            if (reference.startsWith("#")) {
                return Character.toString(Integer.parseInt(reference.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            // Out of range or unparseable: left as written, as browsers do.
            return "&" + reference + ";";
        }
        return NAMED.getOrDefault(reference.toLowerCase(java.util.Locale.ROOT), "&" + reference + ";");
    }
}
