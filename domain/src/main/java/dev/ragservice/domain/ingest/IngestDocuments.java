package dev.ragservice.domain.ingest;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.domain.access.Scope;
import dev.ragservice.domain.cache.CorpusVersions;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.VectorStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ingest use case: split documents into chunks, embed them, store them, and invalidate the namespace's
 * cached searches and answers.
 *
 * <p>Ingest is idempotent: chunk ids are {@code documentId#position} and the store replaces a document's chunks
 * as a whole, so sending a document again (even shorter) leaves exactly its new chunks. A document without an
 * id is named after a hash of its text, so sending the same text twice stores it once.
 */
public final class IngestDocuments {

    /**
     * Texts per {@code embedAll} call and chunks per store call: bounds the memory a large request holds at once.
     * A document is never divided between two store calls, because each call replaces the documents it names.
     */
    static final int BATCH = 256;

    private static final int MAX_ID_LENGTH = 512;

    private final EmbeddingModel model;
    private final VectorStore store;
    private final Chunker chunker;
    private final CorpusVersions versions;
    private final RequestLimits limits;

    /** With the default {@link RequestLimits}. */
    public IngestDocuments(EmbeddingModel model, VectorStore store, Chunker chunker, CorpusVersions versions) {
        this(model, store, chunker, versions, RequestLimits.DEFAULTS);
    }

    public IngestDocuments(
            EmbeddingModel model, VectorStore store, Chunker chunker, CorpusVersions versions, RequestLimits limits) {
        this.model = Objects.requireNonNull(model, "model");
        this.store = Objects.requireNonNull(store, "store");
        this.chunker = Objects.requireNonNull(chunker, "chunker");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.limits = Objects.requireNonNull(limits, "limits");
        // Fail at start-up, not by silently truncated chunks.
        if (chunker.policy().maxTokens() > model.maxInputTokens()) {
            throw new IllegalArgumentException(
                    "chunks of up to " + chunker.policy().maxTokens()
                            + " tokens would be cut short: the embedding model " + model.modelId() + " embeds at most "
                            + model.maxInputTokens());
        }
    }

    /**
     * Stores the documents and answers their ids and chunk counts, in request order. The whole request is
     * validated before anything is written. Large requests are written in several store calls: if one fails, the
     * documents before it are stored, and repeating the request is safe.
     *
     * @throws dev.ragservice.domain.access.ForbiddenException when the caller may not ingest into the namespace
     * @throws InvalidRequestException       {@code invalid_namespace}, {@code no_documents}, {@code empty_text},
     *                                       {@code invalid_id} or {@code duplicate_id}
     * @throws dev.ragservice.ports.DependencyException when the model or the store fails
     */
    public List<IngestedDocument> ingest(IngestCommand command) {
        String namespace = command.namespace();
        List<Document> documents = command.documents();
        Deadline deadline = command.context().deadline();
        requireNamespace(namespace);
        command.context().caller().authorize(Scope.INGEST, namespace);
        if (documents == null || documents.isEmpty()) {
            throw new InvalidRequestException("no_documents", "the request contains no documents");
        }
        if (documents.size() > limits.textsPerRequest()) {
            throw new LimitExceededException(
                    RequestLimits.TEXTS_PER_REQUEST,
                    limits.textsPerRequest(),
                    "the request has " + documents.size() + " documents");
        }
        List<String> ids = idsOf(documents);
        List<IngestedDocument> ingested = new ArrayList<>(documents.size());
        List<Pending> batch = new ArrayList<>();
        boolean stored = false;
        try {
            for (int d = 0; d < documents.size(); d++) {
                Document document = documents.get(d);
                List<String> texts = chunker.split(document.text());
                for (int position = 0; position < texts.size(); position++) {
                    batch.add(new Pending(ids.get(d), position, texts.get(position), document.metadata()));
                }
                ingested.add(new IngestedDocument(ids.get(d), texts.size()));
                if (batch.size() >= BATCH) {
                    store(namespace, batch, deadline);
                    stored = true;
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                store(namespace, batch, deadline);
                stored = true;
            }
        } finally {
            if (stored) {
                versions.bump(namespace);
            }
        }
        return List.copyOf(ingested);
    }

    /**
     * Removes the documents' chunks; unknown ids are ignored. The deletion is acknowledged only once the caches
     * have been told (the corpus version bumped): no cache serves a deleted text after this returns.
     *
     * @throws dev.ragservice.ports.DependencyException when the store fails, or the caches could not be told
     *                                                  (the client repeats the request)
     */
    public void delete(DeleteCommand command) {
        String namespace = command.namespace();
        List<String> documentIds = command.documentIds();
        requireNamespace(namespace);
        command.context().caller().authorize(Scope.INGEST, namespace);
        if (documentIds.isEmpty()) {
            return;
        }
        for (int i = 0; i < documentIds.size(); i++) {
            String id = documentIds.get(i);
            if (id == null || id.isBlank()) {
                throw new InvalidRequestException("invalid_id", "document id " + i + " is blank");
            }
        }
        store.deleteDocuments(
                namespace, List.copyOf(documentIds), command.context().deadline());
        versions.bumpOrFail(namespace);
    }

    /** The id a document is stored under: the client's, or {@code doc-} and 16 hex digits of its text's SHA-256. */
    public static String idOf(Document document) {
        String id = document.id();
        return id == null || id.isBlank() ? "doc-" + sha256(document.text()).substring(0, 16) : id;
    }

    private record Pending(String documentId, int position, String text, Map<String, MetadataValue> metadata) {}

    private void store(String namespace, List<Pending> batch, Deadline deadline) {
        List<float[]> vectors = new ArrayList<>(batch.size());
        for (int from = 0; from < batch.size(); from += BATCH) {
            List<String> texts = batch.subList(from, Math.min(batch.size(), from + BATCH)).stream()
                    .map(Pending::text)
                    .toList();
            vectors.addAll(embed(texts, deadline));
        }
        List<Chunk> chunks = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            chunks.add(new Chunk(
                    pending.documentId() + "#" + pending.position(),
                    pending.documentId(),
                    pending.position(),
                    pending.text(),
                    vectors.get(i),
                    pending.metadata()));
        }
        store.upsert(namespace, chunks, deadline);
    }

    private List<float[]> embed(List<String> texts, Deadline deadline) {
        List<float[]> vectors = model.embedAll(texts, deadline);
        if (vectors.size() != texts.size()) {
            throw new IllegalStateException("embedding model " + model.modelId() + " returned " + vectors.size()
                    + " vectors for " + texts.size() + " texts");
        }
        for (float[] vector : vectors) {
            if (vector.length != model.dimension()) {
                throw new IllegalStateException("embedding model " + model.modelId() + " returned a vector of "
                        + vector.length + " dimensions instead of " + model.dimension());
            }
        }
        return vectors;
    }

    private List<String> idsOf(List<Document> documents) {
        List<String> ids = new ArrayList<>(documents.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            Document document = documents.get(i);
            if (document == null || document.text().isBlank()) {
                throw new InvalidRequestException("empty_text", "documents[" + i + "] has no text");
            }
            if (document.text().length() > limits.charsPerText()) {
                throw new LimitExceededException(
                        RequestLimits.CHARS_PER_TEXT,
                        limits.charsPerText(),
                        "documents[" + i + "] has " + document.text().length() + " characters");
            }
            String id = idOf(document);
            if (id.length() > MAX_ID_LENGTH) {
                throw new InvalidRequestException(
                        "invalid_id", "documents[" + i + "] has an id longer than " + MAX_ID_LENGTH + " characters");
            }
            Integer earlier = seen.putIfAbsent(id, i);
            if (earlier != null) {
                boolean derived = document.id() == null || document.id().isBlank();
                throw new InvalidRequestException(
                        "duplicate_id",
                        "documents[" + earlier + "] and documents[" + i
                                + "] have the same id '" + id + "'"
                                + (derived
                                        ? " (a document without an id is named after its text, so these two have the same text)"
                                        : ""));
            }
            ids.add(id);
        }
        return ids;
    }

    private static void requireNamespace(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            throw new InvalidRequestException("invalid_namespace", "the namespace must not be blank");
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
