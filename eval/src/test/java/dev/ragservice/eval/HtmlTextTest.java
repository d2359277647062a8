package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void dropsTagsAndKeepsTheTextWithItsLineBreaks() {
        assertThat(HtmlText.of("<html>\n<pre>\nTitle\n\nBody text\n</pre>\n</html>\n"))
                .isEqualTo(" \n \nTitle\n\nBody text\n \n \n");
    }

    @Test
    void aLessThanSignThatStartsNoTagIsText() {
        assertThat(HtmlText.of("<pre>for 1 <= m <= n and (0<=x<1)</pre>")).isEqualTo(" for 1 <= m <= n and (0<=x<1) ");
    }

    @Test
    void decodesCharacterReferences() {
        assertThat(HtmlText.of("Compilers &amp; Loaders &lt;b&gt; &#233;t&#xE9; &quot;q&quot; &bogus;"))
                .isEqualTo("Compilers & Loaders <b> été \"q\" &bogus;");
    }

    @Test
    void dropsCommentsScriptsAndStyles() {
        assertThat(HtmlText.of("a<!-- hidden -->b<script>var x = 1 < 2;</script>c<STYLE>p {}</STYLE>d"))
                .isEqualTo("a b c d");
    }

    @Test
    void aTagBetweenTwoWordsDoesNotJoinThem() {
        assertThat(HtmlText.of("one<br>two</p><p>three")).isEqualTo("one two  three");
    }
}
