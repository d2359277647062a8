package dev.ragservice.adapters.local.lucene;

import java.io.IOException;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW format with its dimension limit raised from 1024 to 4096, so remote embedding models (1536 and
 * 3072 dimensions) fit too. It writes exactly Lucene's format under Lucene's name, so any Lucene reads the
 * index back without this class: the limit is only checked when vectors are added.
 */
final class WideVectorsFormat extends KnnVectorsFormat {

    static final int MAX_DIMENSIONS = 4096;

    private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

    WideVectorsFormat() {
        super(new Lucene99HnswVectorsFormat().getName());
    }

    /** Lucene's default codec (same name, so it reads back as plain Lucene) with this format for every field. */
    static Codec codec() {
        KnnVectorsFormat wide = new WideVectorsFormat();
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return wide;
            }
        };
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return MAX_DIMENSIONS;
    }
}
