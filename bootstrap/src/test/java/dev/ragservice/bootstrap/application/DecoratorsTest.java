package dev.ragservice.bootstrap.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.bootstrap.observe.MeteredCache;
import dev.ragservice.bootstrap.observe.MeteredChatModel;
import dev.ragservice.bootstrap.observe.MeteredEmbeddingModel;
import dev.ragservice.bootstrap.observe.MeteredRateLimitStore;
import dev.ragservice.bootstrap.observe.MeteredVectorStore;
import dev.ragservice.bootstrap.resilience.GuardedCache;
import dev.ragservice.bootstrap.resilience.GuardedChatModel;
import dev.ragservice.bootstrap.resilience.GuardedEmbeddingModel;
import dev.ragservice.bootstrap.resilience.GuardedVectorStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every decorator of a port overrides every method of it, default methods included: one left to the port's
 * default would answer for the adapter without reaching it (as a rate-limit store's {@code peek} once answered
 * "cannot tell" through its metrics decorator).
 */
class DecoratorsTest {

    static Stream<Class<?>> decorators() {
        return Stream.of(
                MeteredCache.class,
                MeteredChatModel.class,
                MeteredEmbeddingModel.class,
                MeteredRateLimitStore.class,
                MeteredVectorStore.class,
                GuardedCache.class,
                GuardedChatModel.class,
                GuardedEmbeddingModel.class,
                GuardedVectorStore.class);
    }

    @ParameterizedTest
    @MethodSource("decorators")
    void overridesEveryMethodOfItsPort(Class<?> decorator) {
        Class<?> port = Arrays.stream(decorator.getInterfaces())
                .filter(type -> type.getPackageName().startsWith("dev.ragservice.ports"))
                .findFirst()
                .orElseThrow();
        List<String> inherited = Arrays.stream(port.getMethods())
                .filter(method -> !method.isSynthetic() && !Modifier.isStatic(method.getModifiers()))
                .filter(method -> declaringClass(decorator, method) != decorator)
                .map(Method::getName)
                .toList();
        assertThat(inherited)
                .as("%s's methods %s left to the port", port.getSimpleName(), decorator)
                .isEmpty();
    }

    private static Class<?> declaringClass(Class<?> decorator, Method method) {
        try {
            return decorator
                    .getMethod(method.getName(), method.getParameterTypes())
                    .getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
