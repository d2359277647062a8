package dev.ragservice.adapters.pinecone;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.pinecone.proto.DbData202510;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The descriptor set of the Pinecone client's own proto file, as WireMock's gRPC extension reads it from
 * {@code <root>/grpc/*.dsc}: so the stubs speak exactly the messages the client was generated from.
 */
final class PineconeDescriptors {

    private PineconeDescriptors() {}

    /** Writes {@code root/grpc/pinecone.dsc}; dependencies come first, as the extension builds files in order. */
    static void writeTo(Path root) {
        Map<String, FileDescriptor> ordered = new LinkedHashMap<>();
        collect(DbData202510.getDescriptor(), ordered);
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        ordered.values().forEach(file -> set.addFile(file.toProto()));
        try {
            Files.createDirectories(root.resolve("grpc"));
            Files.write(
                    root.resolve("grpc").resolve("pinecone.dsc"), set.build().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(FileDescriptor file, Map<String, FileDescriptor> ordered) {
        if (ordered.containsKey(file.getName())) {
            return;
        }
        file.getDependencies().forEach(dependency -> collect(dependency, ordered));
        ordered.put(file.getName(), file);
    }
}
