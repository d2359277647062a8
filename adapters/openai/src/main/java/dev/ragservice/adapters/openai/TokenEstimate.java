package dev.ragservice.adapters.openai;

/**
 * Counts tokens without OpenAI's tokenizer (no small maintained cl100k/o200k library is available here), erring
 * high: a chunk the chunker believes fits must really fit, because OpenAI rejects an input over the window with
 * HTTP 400 instead of truncating it.
 *
 * <ul>
 *   <li>ASCII: one token per three characters, rounded up. English prose averages about four characters per
 *       cl100k/o200k token, so ordinary text is over-counted by about a third; only text made of many
 *       one-letter words or symbol soup packs tighter.</li>
 *   <li>Everything else: one token per UTF-8 byte. Both tokenizers are byte-level BPE, so a token covers at
 *       least one byte: this can never under-count (a CJK character, three bytes, is one or two tokens).</li>
 * </ul>
 */
final class TokenEstimate {

    private static final int ASCII_CHARS_PER_TOKEN = 3;

    private TokenEstimate() {}

    static int of(String text) {
        long ascii = 0;
        long otherBytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80) {
                ascii++;
            } else if (codePoint < 0x800) {
                otherBytes += 2;
            } else if (codePoint < 0x10000) {
                otherBytes += 3;
            } else {
                otherBytes += 4;
            }
        }
        long tokens = (ascii + ASCII_CHARS_PER_TOKEN - 1) / ASCII_CHARS_PER_TOKEN + otherBytes;
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }
}
