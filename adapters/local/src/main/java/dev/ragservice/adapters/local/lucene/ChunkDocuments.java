package dev.ragservice.adapters.local.lucene;

import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;

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
    /** A chunk's place in its document's block: the head is this many documents before it. */
    static final String BLOCK_INDEX = "_blk";

    static final String TEXT = "text";
    static final String VECTOR = "vector";

    static final Set<String> STORED = Set.of(CHUNK_ID, DOCUMENT_ID, POSITION, METADATA, BLOCK_INDEX, TEXT);
    static final Set<String> HEAD_METADATA = Set.of(METADATA);

    private static final String HEAD_MARK = "1";

    private ChunkDocuments() {}

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

    /**
     * All chunks of one document as one block, the first marked as the document's head. The metadata is stored
     * once, on the head, and again only on a chunk whose metadata differs from it: a document's chunks usually
     * share it, and a copy per chunk made a large document's metadata cost its chunk count times over.
     */
    static List<Document> of(String namespace, List<Chunk> chunks) {
        Term key = documentTerm(namespace, chunks.getFirst().documentId());
        Map<String, MetadataValue> headMetadata = chunks.getFirst().metadata();
        List<Document> documents = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            Document document = of(namespace, key, chunk, i == 0);
            document.add(new StoredField(BLOCK_INDEX, i));
            if (i == 0 || !chunk.metadata().equals(headMetadata)) {
                document.add(new StoredField(METADATA, MetadataCodec.encode(chunk.metadata())));
            }
            documents.add(document);
        }
        return documents;
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

    /**
     * The hit of a stored chunk; its metadata is its own when stored with it, else its head's (Lucene keeps a
     * block's documents together and in order, so the head is {@code _blk} documents before the chunk).
     */
    static SearchHit hit(StoredFields fields, int doc, double score) throws IOException {
        Document stored = fields.document(doc, STORED);
        BytesRef metadata = stored.getBinaryValue(METADATA);
        if (metadata == null) {
            int blockIndex = stored.getField(BLOCK_INDEX).numericValue().intValue();
            metadata = fields.document(doc - blockIndex, HEAD_METADATA).getBinaryValue(METADATA);
        }
        return new SearchHit(
                stored.get(CHUNK_ID),
                stored.get(DOCUMENT_ID),
                stored.getField(POSITION).numericValue().intValue(),
                stored.get(TEXT),
                MetadataCodec.decode(metadata.bytes, metadata.offset, metadata.length),
                score);
    }
}
