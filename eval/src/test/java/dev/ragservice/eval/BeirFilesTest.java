package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirFilesTest {

    @TempDir
    Path directory;

    private final BeirFiles files = new BeirFiles();

    @Test
    void writesTheBeirLayoutAndReadsItBack() throws IOException {
        Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
        judged.put("q1", Map.of("d1", 2));
        judged.put("q2", Map.of("d2", 0));
        BeirCollection written = new BeirCollection(
                "sample",
                List.of(
                        new BeirDocument("d1", "Title \"quoted\"", "line one\nline two"),
                        new BeirDocument("d2", "", "x")),
                List.of(new BeirQuery("q1", "what is it?"), new BeirQuery("q2", "ünïcode")),
                new Qrels(judged));
        Path target = directory.resolve("sample");

        files.write(written, target);
        BeirCollection read = files.read(target);

        assertThat(read).isEqualTo(written);
        assertThat(Files.readAllLines(target.resolve("qrels/test.tsv")))
                .containsExactly("query-id\tcorpus-id\tscore", "q1\td1\t2", "q2\td2\t0");
    }

    @Test
    void readsNumericIdsAsTextAndMissingTitlesAsEmpty() throws IOException {
        write(
                "{\"_id\": 7, \"text\": \"seven\"}\n",
                "{\"_id\": \"1\", \"text\": \"q\", \"metadata\": {}}\n",
                "query-id\tcorpus-id\tscore\n1\t7\t1\n");

        BeirCollection read = files.read(directory);

        assertThat(read.corpus()).containsExactly(new BeirDocument("7", "", "seven"));
        assertThat(read.qrels().judgments("1")).isEqualTo(Map.of("7", 1));
    }

    @Test
    void namesTheFileAndLineOfAMistake() throws IOException {
        write("{\"_id\": \"a\", \"text\": \"x\"}\n{\"text\": \"no id\"}\n", "", "query-id\tcorpus-id\tscore\n");
        assertThatThrownBy(() -> files.read(directory)).hasMessage("corpus.jsonl line 2: no _id");

        write("{\"_id\": \"a\", \"text\": \"x\"}\n{\"_id\": \"a\", \"text\": \"y\"}\n", "", "");
        assertThatThrownBy(() -> files.read(directory))
                .hasMessageContaining("line 2")
                .hasMessageContaining("twice");

        write("", "not json\n", "");
        assertThatThrownBy(() -> files.read(directory)).hasMessageStartingWith("queries.jsonl line 1: not JSON");

        write("", "", "query-id\tcorpus-id\tscore\nq\td\n");
        assertThatThrownBy(() -> files.read(directory)).hasMessageStartingWith("qrels/test.tsv line 2:");
    }

    @Test
    void aFolderWithoutTheFilesIsNotACollection() {
        assertThatThrownBy(() -> files.read(directory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a BEIR collection");
    }

    private void write(String corpus, String queries, String qrels) throws IOException {
        Files.createDirectories(directory.resolve("qrels"));
        Files.writeString(directory.resolve("corpus.jsonl"), corpus);
        Files.writeString(directory.resolve("queries.jsonl"), queries);
        Files.writeString(directory.resolve("qrels/test.tsv"), qrels);
    }
}
