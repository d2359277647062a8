package dev.ragservice.adapters.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model in a (compressed) jar, read through an uncompressed copy that is kept only while it matches. */
class UnpackedModelTest {

    private static final String RESOURCE = "model.onnx";
    private static final FileTime LONG_AGO = FileTime.fromMillis(0);

    @TempDir
    Path directory;

    private byte[] model;
    private Path copies;
    private URLClassLoader loader;

    @BeforeEach
    void jarWithAModel() throws IOException {
        // Compressible but not trivial, like weights.
        model = new byte[200_000];
        Random random = new Random(7);
        for (int i = 0; i < model.length; i++) {
            model[i] = (byte) random.nextInt(16);
        }
        Path jar = directory.resolve("weights.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(RESOURCE));
            zip.write(model);
            zip.closeEntry();
        }
        copies = directory.resolve("data").resolve("models");
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    }

    @Test
    void theFirstReadKeepsAnUncompressedCopyAndLaterReadsUseIt() throws IOException {
        assertThat(UnpackedModel.read(loader, RESOURCE, Optional.of(copies))).isEqualTo(model);
        Path copy = onlyCopy();
        assertThat(copy.getFileName().toString()).startsWith("model-").endsWith("-" + model.length + ".onnx");
        assertThat(Files.readAllBytes(copy)).isEqualTo(model);

        Files.setLastModifiedTime(copy, LONG_AGO);
        assertThat(UnpackedModel.read(loader, RESOURCE, Optional.of(copies))).isEqualTo(model);
        assertThat(Files.getLastModifiedTime(copy)).as("not written again").isEqualTo(LONG_AGO);
    }

    @Test
    void aCopyThatNoLongerMatchesIsWrittenAgainNeverLoaded() throws IOException {
        UnpackedModel.read(loader, RESOURCE, Optional.of(copies));
        Path copy = onlyCopy();

        byte[] corrupted = model.clone();
        corrupted[1234] ^= 0x40;
        Files.write(copy, corrupted);
        assertThat(UnpackedModel.read(loader, RESOURCE, Optional.of(copies))).isEqualTo(model);
        assertThat(Files.readAllBytes(copy)).isEqualTo(model);

        Files.write(copy, new byte[] {1, 2, 3});
        assertThat(UnpackedModel.read(loader, RESOURCE, Optional.of(copies))).isEqualTo(model);
        assertThat(Files.readAllBytes(copy)).isEqualTo(model);
        assertThat(onlyCopy()).as("no partial file left").isEqualTo(copy);
    }

    @Test
    void aPlaceThatCannotHoldTheCopyStillGivesTheModel() throws IOException {
        Path notADirectory = directory.resolve("taken");
        Files.writeString(notADirectory, "a file, not a directory");

        assertThat(UnpackedModel.read(loader, RESOURCE, Optional.of(notADirectory.resolve("models"))))
                .isEqualTo(model);
        assertThat(UnpackedModel.read(loader, RESOURCE, Optional.empty())).isEqualTo(model);
        assertThat(copies).doesNotExist();
    }

    private Path onlyCopy() throws IOException {
        try (Stream<Path> files = Files.list(copies)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.getFirst();
        }
    }
}
