package dev.ragservice.domain.cache;

import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes the cache keeps. Every value starts with a format version and a kind byte: replicas of different
 * releases may share one cache during a rolling update, and a value in a format they do not know is a miss
 * (then overwritten), never a misread. Strings are length-prefixed UTF-8 ({@code writeUTF} stops at 64 KiB).
 */
final class CacheCodec {

    static final byte FORMAT = 1;

    private static final byte VECTOR = 1;
    private static final byte HITS = 2;
    private static final byte ANSWER = 3;
    private static final byte SEMANTIC_INDEX = 4;

    private static final byte TEXT = 1;
    private static final byte NUMBER = 2;
    private static final byte BOOL = 3;
    private static final byte TEXT_LIST = 4;

    private CacheCodec() {}

    static byte[] encodeVector(float[] vector) {
        return write(VECTOR, out -> {
            out.writeInt(vector.length);
            for (float value : vector) {
                out.writeFloat(value);
            }
        });
    }

    static Optional<float[]> decodeVector(byte[] bytes) {
        return read(bytes, VECTOR, in -> {
            float[] vector = new float[count(in, 4)];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = in.readFloat();
            }
            return vector;
        });
    }

    static byte[] encodeHits(List<SearchHit> hits) {
        return write(HITS, out -> writeHits(hits, out));
    }

    static Optional<List<SearchHit>> decodeHits(byte[] bytes) {
        return read(bytes, HITS, CacheCodec::readHits);
    }

    static byte[] encodeAnswer(CachedAnswer answer) {
        return write(ANSWER, out -> {
            writeString(answer.text(), out);
            writeString(answer.model(), out);
            writeHits(answer.sources(), out);
        });
    }

    static Optional<CachedAnswer> decodeAnswer(byte[] bytes) {
        return read(bytes, ANSWER, in -> {
            String text = readString(in);
            String model = readString(in);
            return new CachedAnswer(text, readHits(in), model);
        });
    }

    static byte[] encodeSemanticIndex(SemanticIndex index) {
        return write(SEMANTIC_INDEX, out -> {
            out.writeInt(index.entries().size());
            for (SemanticEntry entry : index.entries()) {
                writeString(entry.responseKey(), out);
                float[] vector = entry.vector();
                out.writeInt(vector.length);
                for (float value : vector) {
                    out.writeFloat(value);
                }
            }
        });
    }

    static Optional<SemanticIndex> decodeSemanticIndex(byte[] bytes) {
        return read(bytes, SEMANTIC_INDEX, in -> {
            int size = count(in, 1);
            List<SemanticEntry> entries = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String responseKey = readString(in);
                float[] vector = new float[count(in, 4)];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = in.readFloat();
                }
                entries.add(new SemanticEntry(responseKey, vector));
            }
            return new SemanticIndex(entries);
        });
    }

    private static void writeHits(List<SearchHit> hits, DataOutputStream out) throws IOException {
        out.writeInt(hits.size());
        for (SearchHit hit : hits) {
            writeString(hit.chunkId(), out);
            writeString(hit.documentId(), out);
            out.writeInt(hit.position());
            writeString(hit.text(), out);
            out.writeDouble(hit.score());
            out.writeInt(hit.metadata().size());
            for (Map.Entry<String, MetadataValue> entry : hit.metadata().entrySet()) {
                writeString(entry.getKey(), out);
                writeValue(entry.getValue(), out);
            }
        }
    }

    private static List<SearchHit> readHits(DataInputStream in) throws IOException {
        int size = count(in, 1);
        List<SearchHit> hits = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String chunkId = readString(in);
            String documentId = readString(in);
            int position = in.readInt();
            String text = readString(in);
            double score = in.readDouble();
            int fields = count(in, 1);
            Map<String, MetadataValue> metadata = new LinkedHashMap<>();
            for (int f = 0; f < fields; f++) {
                metadata.put(readString(in), readValue(in));
            }
            hits.add(new SearchHit(chunkId, documentId, position, text, metadata, score));
        }
        return hits;
    }

    private static void writeValue(MetadataValue value, DataOutputStream out) throws IOException {
        switch (value) {
            case MetadataValue.Text text -> {
                out.writeByte(TEXT);
                writeString(text.value(), out);
            }
            case MetadataValue.Number number -> {
                out.writeByte(NUMBER);
                out.writeDouble(number.value());
            }
            case MetadataValue.Bool bool -> {
                out.writeByte(BOOL);
                out.writeBoolean(bool.value());
            }
            case MetadataValue.TextList list -> {
                out.writeByte(TEXT_LIST);
                out.writeInt(list.values().size());
                for (String item : list.values()) {
                    writeString(item, out);
                }
            }
        }
    }

    private static MetadataValue readValue(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case TEXT -> new MetadataValue.Text(readString(in));
            case NUMBER -> new MetadataValue.Number(in.readDouble());
            case BOOL -> new MetadataValue.Bool(in.readBoolean());
            case TEXT_LIST -> {
                int size = count(in, 4);
                List<String> items = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    items.add(readString(in));
                }
                yield new MetadataValue.TextList(items);
            }
            default -> throw new IllegalStateException("corrupt cache value: unknown metadata kind " + kind);
        };
    }

    private static void writeString(String text, DataOutputStream out) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[count(in, 1)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads a length and checks it against what is left, so a corrupt value cannot make us allocate gigabytes. */
    private static int count(DataInputStream in, int bytesPerItem) throws IOException {
        int count = in.readInt();
        if (count < 0 || (long) count * bytesPerItem > in.available()) {
            throw new IllegalStateException("corrupt cache value: length " + count + " exceeds the value");
        }
        return count;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(byte kind, Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return bytes.toByteArray();
    }

    /**
     * Empty for a value of another format version (a miss); throws for a corrupt value (an error).
     */
    private static <T> Optional<T> read(byte[] bytes, byte kind, Reader<T> reader) {
        if (bytes.length < 2 || bytes[0] != FORMAT) {
            return Optional.empty();
        }
        if (bytes[1] != kind) {
            throw new IllegalStateException("corrupt cache value: kind " + bytes[1] + " where " + kind + " belongs");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 2, bytes.length - 2))) {
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new IllegalStateException("corrupt cache value: " + in.available() + " bytes left over");
            }
            return Optional.of(value);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt cache value", e);
        }
    }
}
