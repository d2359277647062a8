package dev.ragservice.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Vaswani (the NPL collection: 11,429 physics abstracts, 93 queries) from its TREC form: {@code doc-text.trec},
 * {@code query-text.trec} and {@code qrels}, each looked for in the folder and in its {@code corpus} folder.
 * Documents have no title; texts are kept as written, with line breaks as spaces.
 */
public final class VaswaniConverter {

    public BeirCollection convert(Path directory) {
        List<BeirDocument> corpus = TrecFormat.documents(TrecFormat.read(find(directory, "doc-text.trec"))).stream()
                .map(doc -> new BeirDocument(doc.id(), "", TrecFormat.collapseSpace(doc.text())))
                .toList();
        List<BeirQuery> queries = TrecFormat.topics(TrecFormat.read(find(directory, "query-text.trec"))).stream()
                .map(topic -> new BeirQuery(topic.id(), TrecFormat.collapseSpace(topic.text())))
                .toList();
        Qrels qrels = TrecFormat.qrels(
                TrecFormat.read(find(directory, "qrels")).lines().toList());
        return new BeirCollection("vaswani", corpus, queries, qrels);
    }

    static Path find(Path directory, String name) {
        for (Path candidate :
                List.of(directory.resolve(name), directory.resolve("corpus").resolve(name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + directory + " or " + directory.resolve("corpus"));
    }
}
