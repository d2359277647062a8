package dev.ragservice.domain.fakes;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A cache whose backend is down: every call throws, as a real adapter does. */
public final class FailingCache implements Cache {

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Optional<byte[]> get(String key) {
        throw failure();
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        throw failure();
    }

    @Override
    public long increment(String key) {
        throw failure();
    }

    @Override
    public long counter(String key) {
        throw failure();
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    public int calls() {
        return calls.get();
    }

    private DependencyException failure() {
        calls.incrementAndGet();
        return new DependencyException("fake-cache", DependencyException.Kind.UNAVAILABLE, "connection refused", null);
    }
}
