package dev.ragservice.ports.vector;

import java.util.List;
import java.util.Objects;

/**
 * A metadata value of a chunk: the value kinds every vector store can index and filter on
 * (they are also exactly what Pinecone accepts).
 */
public sealed interface MetadataValue {

    record Text(String value) implements MetadataValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    record Number(double value) implements MetadataValue {
        public Number {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("metadata numbers must be finite");
            }
        }
    }

    record Bool(boolean value) implements MetadataValue {}

    record TextList(List<String> values) implements MetadataValue {
        public TextList {
            values = List.copyOf(values);
        }
    }

    static MetadataValue of(String value) {
        return new Text(value);
    }

    static MetadataValue of(double value) {
        return new Number(value);
    }

    static MetadataValue of(boolean value) {
        return new Bool(value);
    }

    static MetadataValue of(List<String> values) {
        return new TextList(values);
    }
}
