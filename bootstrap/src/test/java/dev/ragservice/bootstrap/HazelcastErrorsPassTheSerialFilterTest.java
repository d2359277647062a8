package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.spi.exception.CallerNotMemberException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hazelcast members send each other exceptions by Java serialization (an operation's error response). The JVM-wide
 * filter Helidon installs rejects every class not listed: a rejected error response is dropped, and the caller
 * waits out its whole call timeout. Seen as a partition migration stuck for six minutes when a joining member
 * answered "not a member yet" under load.
 */
class HazelcastErrorsPassTheSerialFilterTest {

    @Test
    void aMembersErrorResponseIsReadUnderTheServicesFilter(@TempDir Path data) throws Exception {
        try (RagServer server = TestServers.start(data)) {
            CallerNotMemberException sent = new CallerNotMemberException(
                    new Address("127.0.0.1", 5701),
                    new Address("127.0.0.1", 5702),
                    -1,
                    "PartitionStateOperation",
                    "hz:core:partitionService");
            Object received = javaRoundTrip(sent);
            assertThat(received).isInstanceOf(CallerNotMemberException.class);
            assertThat(((Throwable) received).getMessage()).isEqualTo(sent.getMessage());
        }
    }

    private static Object javaRoundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
