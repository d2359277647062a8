package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Against archives written by GNU tar (ustar, gnu and pax formats). */
class TarArchiveTest {

    private static final String LONG_NAME = "d".repeat(60) + "/" + "f".repeat(70) + ".txt";

    private static List<TarArchive.Entry> read(String resource) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TestResources.path(resource)))) {
            return TarArchive.files(in);
        }
    }

    @Test
    void readsEveryFileOfAUstarArchiveWithItsBytes() throws IOException {
        List<TarArchive.Entry> files = read("/eval/cacm-sample/cacm.tar.gz");

        assertThat(files)
                .extracting(TarArchive.Entry::name)
                .containsExactly("CACM-0001.html", "CACM-0115.html", "CACM-1410.html", "CACM-2000.html");
        String first = new String(files.getFirst().content(), StandardCharsets.US_ASCII);
        assertThat(first)
                .startsWith("<html>\n<pre>")
                .contains("Compilers &amp; Loaders")
                .endsWith("</html>\n");
    }

    @Test
    void takesLongNamesFromGnuAndPaxHeaders() throws IOException {
        for (String archive : List.of("/eval/gnu-long-name.tar.gz", "/eval/pax-long-name.tar.gz")) {
            List<TarArchive.Entry> files = read(archive);

            assertThat(files).as(archive).singleElement().satisfies(entry -> {
                assertThat(entry.name()).isEqualTo(LONG_NAME);
                assertThat(new String(entry.content(), StandardCharsets.US_ASCII))
                        .isEqualTo("long name content\n");
            });
        }
    }

    @Test
    void anEmptyStreamHoldsNoFiles() throws IOException {
        assertThat(TarArchive.files(new ByteArrayInputStream(new byte[0]))).isEmpty();
        assertThat(TarArchive.files(new ByteArrayInputStream(new byte[1024]))).isEmpty();
    }

    @Test
    void refusesWhatIsNotATarArchive() {
        byte[] text = new byte[512];
        Arrays.fill(text, (byte) 'x');

        assertThatThrownBy(() -> TarArchive.files(new ByteArrayInputStream(text)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a tar archive");
    }

    @Test
    void refusesAnArchiveCutInsideAnEntry() throws IOException {
        byte[] whole;
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(TestResources.path("/eval/cacm-sample/cacm.tar.gz")))) {
            whole = in.readAllBytes();
        }
        // The first header, then only part of the first file's 91 bytes.
        byte[] cut = Arrays.copyOf(whole, 512 + 40);

        assertThatThrownBy(() -> TarArchive.files(new ByteArrayInputStream(cut)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ends inside an entry");
    }
}
