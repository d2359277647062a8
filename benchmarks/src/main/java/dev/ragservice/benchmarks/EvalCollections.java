package dev.ragservice.benchmarks;

import dev.ragservice.eval.BeirCollection;
import dev.ragservice.eval.BeirDocument;
import dev.ragservice.eval.BeirQuery;
import dev.ragservice.eval.CacmConverter;
import dev.ragservice.eval.CacmDocumentIds;
import dev.ragservice.eval.VaswaniConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real text for the benchmarks: the Vaswani (NPL) and CACM collections of the retrieval evaluation, read with
 * the service's own converters from {@code ../shared/eval} (or {@code -Deval.dir=DIR}). The data is not part of
 * the repository.
 */
public final class EvalCollections {

    /** The line that follows a CACM page's title and abstract: the issue, e.g. {@code CACM September, 1965}. */
    private static final Pattern ISSUE = Pattern.compile("CACM [A-Z][a-z]+, ?\\d{4}");

    private final Path directory;

    private EvalCollections(Path directory) {
        this.directory = directory;
    }

    /** {@code -Deval.dir}, else {@code ../shared/eval} or {@code ../../shared/eval} from the working directory. */
    public static EvalCollections locate() {
        String configured = System.getProperty("eval.dir");
        List<Path> candidates = configured != null
                ? List.of(Path.of(configured))
                : List.of(Path.of("..", "shared", "eval"), Path.of("..", "..", "shared", "eval"));
        return candidates.stream()
                .filter(dir -> Files.isDirectory(dir.resolve("vaswani_npl")) && Files.isDirectory(dir.resolve("cacm")))
                .findFirst()
                .map(dir -> new EvalCollections(dir.toAbsolutePath().normalize()))
                .orElseThrow(() -> new IllegalStateException("no vaswani_npl and cacm folders in " + candidates
                        + "; point -Deval.dir at the folder that has them"));
    }

    /** Vaswani's documents, then CACM's: their full text as the service ingests it. */
    public List<String> documentTexts() {
        return Stream.of(vaswani(), cacm())
                .flatMap(collection -> collection.corpus().stream())
                .map(BeirDocument::fullText)
                .filter(text -> !text.isBlank())
                .toList();
    }

    /** Vaswani's 93 queries, then CACM's 64. */
    public List<String> queryTexts() {
        List<String> queries = new ArrayList<>();
        Stream.of(vaswani(), cacm())
                .forEach(collection -> collection.queries().stream()
                        .map(BeirQuery::text)
                        .filter(text -> !text.isBlank())
                        .forEach(queries::add));
        return queries;
    }

    /**
     * The CACM documents that have an abstract, as title and abstract: the text between a page's first line and
     * its issue line, when that holds a sentence of ten words or more (a long title's second line does not).
     * Issue, authors, catalogue line and citation table are left out: about 1,580 of the 3,204 pages.
     */
    public List<String> cacmAbstracts() {
        return cacm().corpus().stream()
                .map(EvalCollections::abstractOf)
                .flatMap(Optional::stream)
                .toList();
    }

    /** CACM's 64 queries. */
    public List<String> cacmQueryTexts() {
        return cacm().queries().stream()
                .map(BeirQuery::text)
                .filter(text -> !text.isBlank())
                .toList();
    }

    private static Optional<String> abstractOf(BeirDocument page) {
        List<String> lines = page.text().lines().toList();
        int issue = 0;
        while (issue < lines.size() && !ISSUE.matcher(lines.get(issue)).matches()) {
            issue++;
        }
        String body = String.join(" ", lines.subList(0, issue));
        boolean sentence = body.split("\\s+").length >= 10 && (body.endsWith(".") || body.contains(". "));
        return sentence && issue < lines.size() ? Optional.of(page.title() + "\n\n" + body) : Optional.empty();
    }

    private BeirCollection vaswani() {
        return new VaswaniConverter().convert(directory.resolve("vaswani_npl"));
    }

    private BeirCollection cacm() {
        return new CacmConverter(CacmDocumentIds.QRELS).convert(directory.resolve("cacm"));
    }
}
