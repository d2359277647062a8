package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.map.IMap;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One Hazelcast operation, bounded by {@code HAZELCAST_OPERATION_TIMEOUT_MS}, its failures translated into the
 * port's {@link DependencyException}: shared by the cache and the rate-limit store, which both run on this
 * replica's member.
 */
final class HazelcastCalls {

    private static final String DEPENDENCY = "hazelcast";

    private final Duration timeout;

    HazelcastCalls(Duration timeout) {
        this.timeout = timeout;
    }

    /** Whether the member runs and one read round trip (to whichever member owns the key) fits the timeout. */
    boolean answers(HazelcastInstance member, IMap<String, ?> map, String probeKey) {
        try {
            if (!member.getLifecycleService().isRunning()) {
                return false;
            }
            await("probe", () -> map.getAsync(probeKey));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    <T> T await(String operation, Supplier<? extends CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DependencyException(
                    DEPENDENCY,
                    Kind.TIMED_OUT,
                    operation + " got no answer from the cluster" + " within " + timeout.toMillis()
                            + " ms (HAZELCAST_OPERATION_TIMEOUT_MS)",
                    e);
        } catch (ExecutionException | CompletionException e) {
            throw translate(operation, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyException(DEPENDENCY, Kind.UNAVAILABLE, operation + " was interrupted", e);
        } catch (RuntimeException e) {
            throw translate(operation, e);
        }
    }

    private static DependencyException translate(String operation, Throwable e) {
        if (e instanceof OperationTimeoutException) {
            return new DependencyException(
                    DEPENDENCY, Kind.TIMED_OUT, operation + " timed out in the cluster: " + e.getMessage(), e);
        }
        if (e instanceof HazelcastInstanceNotActiveException) {
            return new DependencyException(
                    DEPENDENCY,
                    Kind.UNAVAILABLE,
                    operation + " failed: this replica's Hazelcast member is not running",
                    e);
        }
        return new DependencyException(DEPENDENCY, Kind.UNAVAILABLE, operation + " failed: " + e, e);
    }
}
