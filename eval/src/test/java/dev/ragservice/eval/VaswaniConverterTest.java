package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a sample in the layout of the TREC-format NPL distribution: documents under corpus/, the rest beside it. */
class VaswaniConverterTest {

    @TempDir
    Path vaswani;

    private void writeSample() throws IOException {
        Files.createDirectories(vaswani.resolve("corpus"));
        Files.writeString(vaswani.resolve("corpus/doc-text.trec"), """
                <DOC>
                <DOCNO>1</DOCNO>
                compact memories have flexible capacities  a digital data storage
                system is described
                </DOC>
                <DOC>
                <DOCNO>2</DOCNO>
                an electronic analogue computer for solving systems of linear equations
                </DOC>
                """);
        Files.writeString(vaswani.resolve("query-text.trec"), """
                <top>
                <num>1</num><title>
                MEASUREMENT OF DIELECTRIC CONSTANT OF LIQUIDS
                </title>
                </top>
                <top>
                <num>2</num><title>
                LINEAR EQUATIONS BY ANALOGUE COMPUTERS
                </title>
                </top>
                """);
        Files.writeString(vaswani.resolve("qrels"), "1 0 1 1\n2 0 2 1\n2 0 1 0\n");
    }

    @Test
    void convertsDocumentsQueriesAndJudgments() throws IOException {
        writeSample();

        BeirCollection collection = new VaswaniConverter().convert(vaswani);

        assertThat(collection.name()).isEqualTo("vaswani");
        assertThat(collection.corpus())
                .containsExactly(
                        new BeirDocument(
                                "1",
                                "",
                                "compact memories have flexible capacities a digital data storage system "
                                        + "is described"),
                        new BeirDocument(
                                "2", "", "an electronic analogue computer for solving systems of linear equations"));
        assertThat(collection.queries())
                .containsExactly(
                        new BeirQuery("1", "MEASUREMENT OF DIELECTRIC CONSTANT OF LIQUIDS"),
                        new BeirQuery("2", "LINEAR EQUATIONS BY ANALOGUE COMPUTERS"));
        assertThat(collection.qrels().judgments("2")).isEqualTo(Map.of("2", 1, "1", 0));
    }

    @Test
    void findsEveryFileInTheFolderOrItsCorpusFolder() throws IOException {
        writeSample();
        Files.move(vaswani.resolve("qrels"), vaswani.resolve("corpus/qrels"));

        assertThat(new VaswaniConverter().convert(vaswani).qrels().size()).isEqualTo(3);
    }

    @Test
    void namesAMissingFile() {
        assertThatThrownBy(() -> new VaswaniConverter().convert(vaswani))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("doc-text.trec");
    }
}
