package dev.ragservice.eval;

import dev.ragservice.ports.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the regular files of a tar archive (POSIX ustar, with GNU long names and pax path records): enough for
 * the archives test collections ship in, without a compression library. Entries are held in memory, so this is
 * for archives of megabytes, not gigabytes.
 */
public final class TarArchive {

    /** A regular file of the archive: its path inside it and its bytes. */
    public record Entry(String name, byte[] content) {}

    private static final int BLOCK = 512;

    private TarArchive() {}

    /**
     * @param in the uncompressed archive (wrap a {@code .tar.gz} in a {@link java.util.zip.GZIPInputStream})
     * @throws IOException when the stream is not a tar archive or ends inside an entry
     */
    public static List<Entry> files(InputStream in) throws IOException {
        List<Entry> files = new ArrayList<>();
        String longName = null;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length == 0 || isZero(header)) {
                return files; // two zero blocks end an archive; some writers stop after one or none
            }
            if (header.length < BLOCK) {
                throw new IOException("the archive ends inside a header");
            }
            requireChecksum(header);
            long size = octal(header, 124, 12);
            byte type = header[156];
            byte[] content = readContent(in, size);
            switch (type) {
                case 'L' -> longName = cString(content, 0, content.length);
                case 'x' -> longName = paxPath(content, longName);
                case '0', 0, '7' -> {
                    String name = longName != null ? longName : name(header);
                    files.add(new Entry(name, content));
                    longName = null;
                }
                // Directories, links, devices and global pax headers hold no file of their own.
                default -> longName = null;
            }
        }
    }

    private static byte[] readContent(InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - BLOCK) {
            throw new IOException("an entry of " + size + " bytes is too large to hold in memory");
        }
        byte[] content = in.readNBytes((int) size);
        if (content.length < size) {
            throw new IOException("the archive ends inside an entry");
        }
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        in.skipNBytes(padding);
        return content;
    }

    private static String name(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = cString(header, 257, 6).startsWith("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** A pax record list: "length key=value\n" entries; only the path matters here. */
    private static @Nullable String paxPath(byte[] content, @Nullable String current) {
        String records = new String(content, StandardCharsets.UTF_8);
        String path = current;
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                path = record.substring(space + 1 + "path=".length());
            }
        }
        return path;
    }

    private static void requireChecksum(byte[] header) throws IOException {
        long expected = octal(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            // The checksum field itself counts as eight spaces.
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        if (sum != expected) {
            throw new IOException("not a tar archive (header checksum " + expected + ", computed " + sum + ")");
        }
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        long value = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < end && header[i] >= '0' && header[i] <= '7'; i++) {
            value = value * 8 + (header[i] - '0');
        }
        if (i < end && header[i] != ' ' && header[i] != 0) {
            throw new IOException("not a tar archive (a header number is not octal)");
        }
        return value;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
