package dev.ragservice.conformance.vector;

import dev.ragservice.ports.vector.VectorStore;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each test of the kit a new, empty store from the test class's {@link VectorStoreConformance#newStore}, and
 * closes it once the test and its {@code @AfterEach} methods are done.
 */
final class StoreUnderTest implements ParameterResolver {

    private record Opened(VectorStore store) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            store.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VectorStore.class;
    }

    @Override
    public VectorStore resolveParameter(ParameterContext parameter, ExtensionContext context) {
        VectorStoreConformance test = (VectorStoreConformance) context.getRequiredTestInstance();
        return context.getStore(ExtensionContext.Namespace.create(StoreUnderTest.class, context.getUniqueId()))
                .getOrComputeIfAbsent(
                        Opened.class, type -> new Opened(test.newStore(VectorStoreConformance.SPEC)), Opened.class)
                .store();
    }
}
