package dev.ragservice.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * CACM (3,204 abstracts of the Communications of the ACM, 1958-1979; 64 queries, 52 of them judged) from the
 * form Anserini ships: {@code cacm.tar.gz} of one HTML page per document, TREC-style topics
 * {@code topics.cacm.txt} and qrels {@code qrels.cacm.txt}.
 *
 * <p>A page is a {@code <pre>} block: the title, usually an abstract, the issue, the authors, a catalogue line
 * and a table of citation links. Anserini indexes all of the page's text, so all of it is kept: the first line
 * becomes the title, the rest (each line's white space collapsed, blank lines dropped) the text.
 */
public final class CacmConverter {

    private final CacmDocumentIds ids;

    public CacmConverter(CacmDocumentIds ids) {
        this.ids = ids;
    }

    public BeirCollection convert(Path directory) {
        List<BeirDocument> corpus = documents(directory);
        List<BeirQuery> queries = TrecFormat.documents(TrecFormat.read(require(directory, "topics.cacm.txt"))).stream()
                .map(topic -> new BeirQuery(topic.id(), TrecFormat.collapseSpace(topic.text())))
                .toList();
        Qrels qrels = TrecFormat.qrels(
                TrecFormat.read(require(directory, "qrels.cacm.txt")).lines().toList());
        return new BeirCollection("cacm", corpus, queries, qrels);
    }

    private List<BeirDocument> documents(Path directory) {
        Path archive = require(directory, "cacm.tar.gz");
        List<BeirDocument> corpus = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            for (TarArchive.Entry entry : TarArchive.files(in)) {
                String fileName = Path.of(entry.name()).getFileName().toString();
                if (fileName.endsWith(".html")) {
                    corpus.add(document(ids.of(fileName), new String(entry.content(), StandardCharsets.ISO_8859_1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive + ": " + e.getMessage(), e);
        }
        return corpus;
    }

    static BeirDocument document(String id, String html) {
        List<String> lines = Arrays.stream(HtmlText.of(html).split("\n"))
                .map(TrecFormat::collapseSpace)
                .filter(line -> !line.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            return new BeirDocument(id, "", "");
        }
        return new BeirDocument(id, lines.getFirst(), String.join("\n", lines.subList(1, lines.size())));
    }

    private static Path require(Path directory, String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + name + " in " + directory);
        }
        return file;
    }
}
