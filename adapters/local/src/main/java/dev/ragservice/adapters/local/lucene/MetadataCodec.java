package dev.ragservice.adapters.local.lucene;

import dev.ragservice.ports.vector.MetadataValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chunk's metadata as the bytes of one stored field, so a hit comes back with exactly the values it was given
 * (the indexed fields lose the kinds and the list order). A leading version byte leaves room to change the
 * layout without re-ingesting.
 */
final class MetadataCodec {

    private static final byte VERSION = 1;
    private static final byte TEXT = 0;
    private static final byte NUMBER = 1;
    private static final byte BOOL = 2;
    private static final byte TEXT_LIST = 3;

    private MetadataCodec() {}

    static byte[] encode(Map<String, MetadataValue> metadata) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(metadata.size());
            // Sorted, so equal metadata is stored as equal bytes.
            for (Map.Entry<String, MetadataValue> entry : new TreeMap<>(metadata).entrySet()) {
                writeString(out, entry.getKey());
                switch (entry.getValue()) {
                    case MetadataValue.Text text -> {
                        out.writeByte(TEXT);
                        writeString(out, text.value());
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
                        for (String value : list.values()) {
                            writeString(out, value);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, MetadataValue> decode(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown metadata encoding " + version);
            }
            int size = in.readInt();
            Map<String, MetadataValue> metadata = new HashMap<>();
            for (int i = 0; i < size; i++) {
                String field = readString(in);
                byte kind = in.readByte();
                MetadataValue value = switch (kind) {
                    case TEXT -> new MetadataValue.Text(readString(in));
                    case NUMBER -> new MetadataValue.Number(in.readDouble());
                    case BOOL -> new MetadataValue.Bool(in.readBoolean());
                    case TEXT_LIST -> {
                        int count = in.readInt();
                        List<String> values = new ArrayList<>(count);
                        for (int j = 0; j < count; j++) {
                            values.add(readString(in));
                        }
                        yield new MetadataValue.TextList(values);
                    }
                    default -> throw new IllegalStateException("unknown metadata kind " + kind);
                };
                metadata.put(field, value);
            }
            return metadata;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Not writeUTF: it refuses strings longer than 64 KiB of UTF-8.
    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
