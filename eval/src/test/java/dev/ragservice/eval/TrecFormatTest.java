package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrecFormatTest {

    @Test
    void readsDocRecordsWithTheTextAfterTheDocno() {
        String file = "<DOC>\n<DOCNO>1</DOCNO>\nfirst text\nover two lines\n</DOC>\n"
                + "<DOC>\n<DOCNO> 22 </DOCNO>\n\n second </DOC>\n";

        List<TrecFormat.Text> documents = TrecFormat.documents(file);

        assertThat(documents)
                .containsExactly(
                        new TrecFormat.Text("1", "\nfirst text\nover two lines\n"),
                        new TrecFormat.Text("22", "\n\n second "));
    }

    @Test
    void aDocWithoutDocnoIsAnError() {
        assertThatThrownBy(() -> TrecFormat.documents("<DOC>\ntext\n</DOC>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<DOCNO>");
    }

    @Test
    void readsTopicTitles() {
        String file = "<top>\n<num>1</num><title>\nMEASUREMENT OF DIELECTRIC CONSTANT\n</title>\n</top>\n"
                + "<top>\n<num> Number: 301\n<title> Foreign minorities\n<desc> Description:\nlonger\n</top>\n";

        List<TrecFormat.Text> topics = TrecFormat.topics(file);

        assertThat(topics).extracting(TrecFormat.Text::id).containsExactly("1", "301");
        assertThat(topics)
                .extracting(t -> TrecFormat.collapseSpace(t.text()))
                .containsExactly("MEASUREMENT OF DIELECTRIC CONSTANT", "Foreign minorities");
    }

    @Test
    void readsFourColumnQrelsAndKeepsDocumentIdsAsWritten() {
        Qrels qrels = TrecFormat.qrels(List.of("1 Q0 CACM-1410 1", "", "1 0 0042 2", "2\t0\tx\t0"));

        assertThat(qrels.judgments("1")).isEqualTo(Map.of("CACM-1410", 1, "0042", 2));
        assertThat(qrels.judgments("2")).isEqualTo(Map.of("x", 0));
        assertThat(qrels.hasRelevant("1")).isTrue();
        assertThat(qrels.hasRelevant("2")).isFalse();
        assertThat(qrels.hasRelevant("3")).isFalse();
        assertThat(qrels.size()).isEqualTo(3);
    }

    @Test
    void aMalformedQrelsLineIsNamed() {
        assertThatThrownBy(() -> TrecFormat.qrels(List.of("1 0 a 1", "1 0 b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> TrecFormat.qrels(List.of("1 0 a yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yes'");
    }
}
