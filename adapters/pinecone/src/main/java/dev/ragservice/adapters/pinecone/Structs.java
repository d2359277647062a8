package dev.ragservice.adapters.pinecone;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.List;

/** Builds the protobuf Structs of Pinecone's filter language: {@code {"field": {"$op": value}}}. */
final class Structs {

    private Structs() {}

    static Struct condition(String field, String operator, Value value) {
        Struct operation = Struct.newBuilder().putFields(operator, value).build();
        return Struct.newBuilder()
                .putFields(field, Value.newBuilder().setStructValue(operation).build())
                .build();
    }

    /** {@code {"$and": [...]}} or {@code {"$or": [...]}}. */
    static Struct combine(String operator, List<Struct> operands) {
        ListValue.Builder list = ListValue.newBuilder();
        operands.forEach(operand -> list.addValues(Value.newBuilder().setStructValue(operand)));
        return Struct.newBuilder()
                .putFields(operator, Value.newBuilder().setListValue(list).build())
                .build();
    }

    static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    static Value bool(boolean value) {
        return Value.newBuilder().setBoolValue(value).build();
    }

    static Value list(List<Value> values) {
        return Value.newBuilder()
                .setListValue(ListValue.newBuilder().addAllValues(values))
                .build();
    }

    static Value texts(List<String> values) {
        return list(values.stream().map(Structs::text).toList());
    }
}
