package dev.ragservice.adapters.local.lucene;

import dev.ragservice.ports.vector.IncompatibleIndexException;
import dev.ragservice.ports.vector.IndexSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedding model an index was built for, kept in the user data of every Lucene commit: vectors of two
 * models cannot be compared, so an index is never opened for another model than its own.
 */
final class IndexSpecCommitData {

    private static final String MODEL = "ragservice.embedding.model";
    private static final String DIMENSION = "ragservice.embedding.dimension";
    /** The field layout of {@link ChunkDocuments}; bump it when the layout changes incompatibly. */
    private static final String LAYOUT = "ragservice.layout";

    private static final String CURRENT_LAYOUT = "1";

    private IndexSpecCommitData() {}

    static Map<String, String> of(IndexSpec spec) {
        return Map.of(
                MODEL, spec.embeddingModelId(), DIMENSION, Integer.toString(spec.dimension()), LAYOUT, CURRENT_LAYOUT);
    }

    static void requireCompatible(Map<String, String> userData, IndexSpec wanted, Path where) {
        String model = userData.get(MODEL);
        String dimension = userData.get(DIMENSION);
        if (model == null || dimension == null) {
            throw new IncompatibleIndexException("The Lucene index in " + where + " was not created by this "
                    + "service (its commit names no embedding model). Use another DATA_DIR, or move that index away.");
        }
        if (!model.equals(wanted.embeddingModelId()) || !dimension.equals(Integer.toString(wanted.dimension()))) {
            throw new IncompatibleIndexException("The Lucene index in " + where + " was built for embedding model '"
                    + model + "' (dimension " + dimension + "), but the service is configured for '"
                    + wanted.embeddingModelId() + "' (dimension " + wanted.dimension() + "). Vectors of different "
                    + "models cannot be compared: use another DATA_DIR for this model, or delete the index and "
                    + "re-ingest the documents.");
        }
        if (!CURRENT_LAYOUT.equals(userData.get(LAYOUT))) {
            throw new IncompatibleIndexException("The Lucene index in " + where + " has field layout '"
                    + userData.get(LAYOUT) + "', this version of the service writes layout '" + CURRENT_LAYOUT
                    + "'. Use another DATA_DIR, or re-ingest the documents.");
        }
    }
}
