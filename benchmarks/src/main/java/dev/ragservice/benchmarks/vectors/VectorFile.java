package dev.ragservice.benchmarks.vectors;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Vectors on disk as a count, a dimension and the floats, so a forked JMH JVM loads what the runner made. */
final class VectorFile {

    private VectorFile() {}

    static void write(Path file, float[][] vectors) {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(vectors.length);
            out.writeInt(vectors.length == 0 ? 0 : vectors[0].length);
            for (float[] vector : vectors) {
                for (float value : vector) {
                    out.writeFloat(value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[][] read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int count = in.readInt();
            int dimension = in.readInt();
            float[][] vectors = new float[count][dimension];
            for (float[] vector : vectors) {
                for (int i = 0; i < dimension; i++) {
                    vector[i] = in.readFloat();
                }
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
