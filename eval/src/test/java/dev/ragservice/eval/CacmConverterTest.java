package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On a four-page sample in CACM's layout (src/test/resources/eval/cacm-sample). */
class CacmConverterTest {

    private static final Path SAMPLE = TestResources.path("/eval/cacm-sample");

    @Test
    void splitsEachPageIntoItsTitleLineAndTheRest() {
        BeirCollection cacm = new CacmConverter(CacmDocumentIds.QRELS).convert(SAMPLE);

        assertThat(cacm.name()).isEqualTo("cacm");
        assertThat(cacm.corpus())
                .extracting(BeirDocument::id)
                .containsExactly("CACM-1", "CACM-115", "CACM-1410", "CACM-2000");
        BeirDocument sorting = cacm.corpus().get(1);
        assertThat(sorting.title()).isEqualTo("Algorithms for Sorting Punched Cards");
        // Blank lines dropped, runs of spaces and tabs collapsed, "<=" kept as text.
        assertThat(sorting.text()).isEqualTo("""
                A method is given for sorting cards
                by a key in fewer passes when 1 <= m <= n.
                CACM March, 1959
                Doe, J.
                CA590301 JB March 22, 1978 8:30 PM
                115 5 115""");
        assertThat(cacm.corpus().getFirst().title()).isEqualTo("A Note on Compilers & Loaders");
        assertThat(cacm.corpus().get(3).fullText()).isEmpty();
    }

    @Test
    void readsTopicsAsQueriesAndKeepsJudgedIdsAsWritten() {
        BeirCollection cacm = new CacmConverter(CacmDocumentIds.QRELS).convert(SAMPLE);

        assertThat(cacm.queries())
                .containsExactly(
                        new BeirQuery("1", "What articles deal with TSS (Time Sharing System), an operating system?"),
                        new BeirQuery("2", "Sorting of punched cards Doe, J."),
                        new BeirQuery("3", "Anything about loaders"));
        assertThat(cacm.qrels().judgments("2")).isEqualTo(Map.of("CACM-115", 1, "CACM-1", 1));
    }

    @Test
    void canNameDocumentsAfterTheirFilesAsAnseriniDoes() {
        BeirCollection cacm = new CacmConverter(CacmDocumentIds.FILES).convert(SAMPLE);

        assertThat(cacm.corpus())
                .extracting(BeirDocument::id)
                .containsExactly("CACM-0001", "CACM-0115", "CACM-1410", "CACM-2000");
        // The judgments are not renamed: those of documents below 1000 then name no document.
        assertThat(cacm.qrels().judgments("2")).containsOnlyKeys("CACM-115", "CACM-1");
    }

    @Test
    void namesWhatIsMissing(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertThatThrownBy(() -> new CacmConverter(CacmDocumentIds.QRELS).convert(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cacm.tar.gz");
    }

    @Test
    void documentIdSpellingsAreParsedByName() {
        assertThat(CacmDocumentIds.parse("Files")).isEqualTo(CacmDocumentIds.FILES);
        assertThat(CacmDocumentIds.QRELS.of("CACM-0007.html")).isEqualTo("CACM-7");
        assertThatThrownBy(() -> CacmDocumentIds.parse("zeros")).hasMessageContaining("qrels, files");
        assertThatThrownBy(() -> CacmDocumentIds.QRELS.of("README.html")).hasMessageContaining("README.html");
    }
}
