package dev.ragservice.adapters.local.lucene;

import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.SearchHit;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;

import java.util.List;
import java.util.Set;

/** The layout of a chunk as a Lucene document, both ways. */
final class ChunkDocuments {

    static final String NAMESPACE = "_ns";
    /** Namespace and document id together: the term that replaces or deletes all chunks of one document. */
    static final String DOCUMENT_KEY = "_doc";
    /** Set on one chunk per document, so counting documents is counting these. */
    static final String DOCUMENT_HEAD = "_head";
    static final String CHUNK_ID = "_chunk";
    static final String DOCUMENT_ID = "_docid";
    static final String POSITION = "_pos";
    static final String METADATA = "_meta";
    static final String TEXT = "text";
    static final String VECTOR = "vector";

    static final Set<String> STORED = Set.of(CHUNK_ID, DOCUMENT_ID, POSITION, METADATA, TEXT);

    private static final String HEAD_MARK = "1";

    private ChunkDocuments() {
    }

    static Term namespaceTerm(String namespace) {
        return new Term(NAMESPACE, namespace);
    }

    static Term documentTerm(String namespace, String documentId) {
        // Length-prefixed, so no namespace/document pair can spell another pair's key.
        return new Term(DOCUMENT_KEY, namespace.length() + ":" + namespace + documentId);
    }

    static Term headTerm() {
        return new Term(DOCUMENT_HEAD, HEAD_MARK);
    }

    /** All chunks of one document, the first marked as the document's head. */
    static List<Document> of(String namespace, List<Chunk> chunks) {
        Term key = documentTerm(namespace, chunks.getFirst().documentId());
        return chunks.stream().map(chunk -> of(namespace, key, chunk, chunk == chunks.getFirst())).toList();
    }

    private static Document of(String namespace, Term key, Chunk chunk, boolean head) {
        Document document = new Document();
        document.add(new StringField(NAMESPACE, namespace, Field.Store.NO));
        document.add(new StringField(DOCUMENT_KEY, key.bytes(), Field.Store.NO));
        if (head) {
            document.add(new StringField(DOCUMENT_HEAD, HEAD_MARK, Field.Store.NO));
        }
        document.add(new StoredField(CHUNK_ID, chunk.id()));
        document.add(new StoredField(DOCUMENT_ID, chunk.documentId()));
        document.add(new StoredField(POSITION, chunk.position()));
        document.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
        document.add(new KnnFloatVectorField(VECTOR, unit(chunk.vector()), VectorSimilarityFunction.DOT_PRODUCT));
        document.add(new StoredField(METADATA, MetadataCodec.encode(chunk.metadata())));
        MetadataFields.of(chunk.metadata()).forEach(document::add);
        return document;
    }

    /**
     * A unit-length copy: with unit vectors, Lucene's dot product is the cosine similarity, without
     * COSINE's per-comparison norms.
     */
    static float[] unit(float[] vector) {
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("vectors must hold finite numbers");
            }
        }
        try {
            return VectorUtil.l2normalize(vector.clone());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a zero vector has no direction to compare", e);
        }
    }

    /** Lucene's DOT_PRODUCT score is (1 + dot) / 2; the port promises the cosine similarity itself. */
    static double cosine(float score) {
        return Math.max(-1.0, Math.min(1.0, 2.0 * score - 1.0));
    }

    static SearchHit hit(Document stored, double score) {
        BytesRef metadata = stored.getBinaryValue(METADATA);
        return new SearchHit(
                stored.get(CHUNK_ID),
                stored.get(DOCUMENT_ID),
                stored.getField(POSITION).numericValue().intValue(),
                stored.get(TEXT),
                MetadataCodec.decode(metadata.bytes, metadata.offset, metadata.length),
                score);
    }
}
