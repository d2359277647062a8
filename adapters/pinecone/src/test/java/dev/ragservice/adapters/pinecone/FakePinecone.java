package dev.ragservice.adapters.pinecone;

import com.google.protobuf.Value;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.pinecone.proto.DeleteRequest;
import io.pinecone.proto.DeleteResponse;
import io.pinecone.proto.DescribeIndexStatsRequest;
import io.pinecone.proto.DescribeIndexStatsResponse;
import io.pinecone.proto.FetchRequest;
import io.pinecone.proto.FetchResponse;
import io.pinecone.proto.NamespaceSummary;
import io.pinecone.proto.QueryRequest;
import io.pinecone.proto.QueryResponse;
import io.pinecone.proto.ScoredVector;
import io.pinecone.proto.UpsertRequest;
import io.pinecone.proto.UpsertResponse;
import io.pinecone.proto.Vector;
import io.pinecone.proto.VectorServiceGrpc;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An in-memory Pinecone data plane for one serverless index with the cosine metric, implementing the service of
 * the client's own generated protos. It keeps Pinecone's documented rules and limits, so the adapter meets them
 * here first: at most 1000 vectors per upsert and 1000 ids per delete, 40 KB of metadata per record, no all-zero
 * vectors, top_k up to 10,000, no filtered describe-index-stats (serverless), a namespace exists while it holds
 * records and deleting from one that does not exist is NOT_FOUND. Unlike Pinecone it is immediately consistent.
 */
public final class FakePinecone extends VectorServiceGrpc.VectorServiceImplBase {

    private static final int MAX_UPSERT = 1000;
    private static final int MAX_DELETE_IDS = 1000;
    private static final int MAX_TOP_K = 10_000;
    private static final int MAX_METADATA_BYTES = 40 * 1024;

    private final int dimension;
    private final Map<String, Map<String, Vector>> namespaces = new TreeMap<>();

    public FakePinecone(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public void upsert(UpsertRequest request, StreamObserver<UpsertResponse> response) {
        answer(response, () -> {
            if (request.getVectorsCount() == 0 || request.getVectorsCount() > MAX_UPSERT) {
                throw PineconeFilterLanguage.invalid("an upsert carries 1 to " + MAX_UPSERT + " vectors");
            }
            request.getVectorsList().forEach(this::requireValid);
            synchronized (namespaces) {
                Map<String, Vector> records =
                        namespaces.computeIfAbsent(request.getNamespace(), n -> new LinkedHashMap<>());
                request.getVectorsList().forEach(vector -> records.put(vector.getId(), vector));
            }
            return UpsertResponse.newBuilder()
                    .setUpsertedCount(request.getVectorsCount())
                    .build();
        });
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> response) {
        answer(response, () -> {
            int ways = (request.getIdsCount() > 0 ? 1 : 0)
                    + (request.getDeleteAll() ? 1 : 0)
                    + (request.hasFilter() ? 1 : 0);
            if (ways != 1) {
                throw PineconeFilterLanguage.invalid("a delete names exactly one of ids, delete_all and filter");
            }
            if (request.getIdsCount() > MAX_DELETE_IDS) {
                throw PineconeFilterLanguage.invalid("a delete names at most " + MAX_DELETE_IDS + " ids");
            }
            synchronized (namespaces) {
                Map<String, Vector> records = namespaces.get(request.getNamespace());
                if (records == null) {
                    throw Status.NOT_FOUND
                            .withDescription("Namespace not found")
                            .asRuntimeException();
                }
                if (request.getDeleteAll()) {
                    records.clear();
                } else if (request.hasFilter()) {
                    records.values()
                            .removeIf(vector ->
                                    PineconeFilterLanguage.matches(request.getFilter(), vector.getMetadata()));
                } else {
                    request.getIdsList().forEach(records::remove);
                }
                if (records.isEmpty()) {
                    namespaces.remove(request.getNamespace());
                }
            }
            return DeleteResponse.getDefaultInstance();
        });
    }

    @Override
    public void fetch(FetchRequest request, StreamObserver<FetchResponse> response) {
        answer(response, () -> {
            FetchResponse.Builder fetched = FetchResponse.newBuilder().setNamespace(request.getNamespace());
            synchronized (namespaces) {
                Map<String, Vector> records = namespaces.getOrDefault(request.getNamespace(), Map.of());
                request.getIdsList().stream()
                        .filter(records::containsKey)
                        .forEach(id -> fetched.putVectors(id, records.get(id)));
            }
            return fetched.build();
        });
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> response) {
        answer(response, () -> {
            if (request.getTopK() < 1 || request.getTopK() > MAX_TOP_K) {
                throw PineconeFilterLanguage.invalid("top_k must be between 1 and " + MAX_TOP_K);
            }
            if (request.getVectorCount() != dimension) {
                throw PineconeFilterLanguage.invalid("Vector dimension " + request.getVectorCount()
                        + " does not match the dimension of the index " + dimension);
            }
            if (request.getVectorList().stream().allMatch(value -> value == 0)) {
                throw PineconeFilterLanguage.invalid("Dense vectors must contain at least one non-zero value");
            }
            List<Vector> candidates;
            synchronized (namespaces) {
                candidates = List.copyOf(namespaces
                        .getOrDefault(request.getNamespace(), Map.of())
                        .values());
            }
            QueryResponse.Builder answer = QueryResponse.newBuilder().setNamespace(request.getNamespace());
            candidates.stream()
                    .filter(vector -> !request.hasFilter()
                            || PineconeFilterLanguage.matches(request.getFilter(), vector.getMetadata()))
                    .map(vector ->
                            scored(vector, (float) cosine(request.getVectorList(), vector.getValuesList()), request))
                    .sorted(Comparator.comparingDouble(ScoredVector::getScore)
                            .reversed()
                            .thenComparing(ScoredVector::getId))
                    .limit(request.getTopK())
                    .forEach(answer::addMatches);
            return answer.build();
        });
    }

    @Override
    public void describeIndexStats(
            DescribeIndexStatsRequest request, StreamObserver<DescribeIndexStatsResponse> response) {
        answer(response, () -> {
            if (request.hasFilter()) {
                throw PineconeFilterLanguage.invalid("Serverless and starter indexes do not support describing"
                        + " index stats with metadata filtering");
            }
            DescribeIndexStatsResponse.Builder stats = DescribeIndexStatsResponse.newBuilder()
                    .setDimension(dimension)
                    .setMetric("cosine")
                    .setVectorType("dense");
            synchronized (namespaces) {
                namespaces.forEach((name, records) -> stats.putNamespaces(
                        name,
                        NamespaceSummary.newBuilder()
                                .setVectorCount(records.size())
                                .build()));
                stats.setTotalVectorCount(
                        namespaces.values().stream().mapToInt(Map::size).sum());
            }
            return stats.build();
        });
    }

    private void requireValid(Vector vector) {
        if (vector.getId().isEmpty() || vector.getId().length() > 512) {
            throw PineconeFilterLanguage.invalid("vector ids have 1 to 512 characters");
        }
        if (vector.getValuesCount() != dimension) {
            throw PineconeFilterLanguage.invalid("Vector dimension " + vector.getValuesCount()
                    + " does not match the dimension of the index " + dimension);
        }
        if (vector.getValuesList().stream().allMatch(value -> value == 0)) {
            throw PineconeFilterLanguage.invalid("Dense vectors must contain at least one non-zero value");
        }
        if (vector.getMetadata().getSerializedSize() > MAX_METADATA_BYTES) {
            throw PineconeFilterLanguage.invalid("Metadata size exceeds the limit of 40960 bytes per vector");
        }
        vector.getMetadata().getFieldsMap().forEach((field, value) -> {
            boolean stored = switch (value.getKindCase()) {
                case STRING_VALUE, NUMBER_VALUE, BOOL_VALUE -> true;
                case LIST_VALUE -> value.getListValue().getValuesList().stream().allMatch(Value::hasStringValue);
                default -> false;
            };
            if (!stored) {
                throw PineconeFilterLanguage.invalid(
                        "metadata '" + field + "' must be a string, number, boolean" + " or list of strings");
            }
        });
    }

    private static ScoredVector scored(Vector vector, float score, QueryRequest request) {
        ScoredVector.Builder scored =
                ScoredVector.newBuilder().setId(vector.getId()).setScore(score);
        if (request.getIncludeMetadata()) {
            scored.setMetadata(vector.getMetadata());
        }
        if (request.getIncludeValues()) {
            scored.addAllValues(vector.getValuesList());
        }
        return scored.build();
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += (double) a.get(i) * b.get(i);
            normA += (double) a.get(i) * a.get(i);
            normB += (double) b.get(i) * b.get(i);
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    private static <T> void answer(StreamObserver<T> response, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (io.grpc.StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }
}
