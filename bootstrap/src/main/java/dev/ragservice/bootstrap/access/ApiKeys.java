package dev.ragservice.bootstrap.access;

import dev.ragservice.bootstrap.plugins.StartupException;
import dev.ragservice.domain.access.ApiKey;
import dev.ragservice.domain.access.KeyRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The keys in force: those of {@code API_KEYS_FILE}, read again whenever its content changes (looked at every
 * second), so a rotated Kubernetes Secret takes effect without a restart. A file that fails to parse keeps the
 * keys that were in force, and says why in the log and in {@code /status}; at start-up there are none to keep, so
 * the service refuses to start.
 */
public final class ApiKeys implements AutoCloseable {

    /** What {@code /status} shows: how many keys are in force, since when, and the file's error if it has one. */
    public record State(int keys, Instant loadedAt, Optional<String> error) {}

    private static final System.Logger LOG = System.getLogger(ApiKeys.class.getName());

    private final Path file;
    private final ScheduledExecutorService watcher;
    private volatile KeyRing ring;
    /** The content last parsed, and what parsing it said. */
    private volatile String lastContent;

    private volatile Optional<String> lastParseError = Optional.empty();
    private volatile State state;

    private ApiKeys(Path file, KeyRing ring, String content) {
        this.file = file;
        this.ring = ring;
        this.lastContent = content;
        this.state = new State(ring.keys().size(), Instant.now(), Optional.empty());
        this.watcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("api-keys-watcher").daemon(true).factory());
    }

    /** @throws StartupException naming {@code API_KEYS_FILE} when the file cannot be read or parsed */
    public static ApiKeys watch(Path file, Duration every) {
        String content;
        KeyRing ring;
        try {
            content = Files.readString(file);
            ring = ApiKeysFile.parse(content);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("API_KEYS_FILE=" + file + " cannot be used: " + e.getMessage());
        }
        ApiKeys keys = new ApiKeys(file, ring, content);
        keys.watcher.scheduleWithFixedDelay(keys::reload, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "access control on: " + ring.keys().size() + " keys from " + file);
        return keys;
    }

    /** The key a client presented, if the keys in force hold it. */
    public Optional<ApiKey> find(String presentedKey) {
        return ring.find(presentedKey);
    }

    /** The keys in force. */
    public List<ApiKey> keys() {
        return ring.keys();
    }

    public State state() {
        return state;
    }

    /** Reads the file again; a change that parses replaces the keys, one that does not is reported and ignored. */
    void reload() {
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            report("cannot read " + file + ": " + e.getMessage());
            return;
        }
        if (content.equals(lastContent)) {
            // Readable again after a failed read (a Secret being swapped): the last parse's verdict stands.
            state = new State(state.keys(), state.loadedAt(), lastParseError);
            return;
        }
        lastContent = content;
        try {
            KeyRing next = ApiKeysFile.parse(content);
            ring = next;
            lastParseError = Optional.empty();
            state = new State(next.keys().size(), Instant.now(), Optional.empty());
            LOG.log(
                    System.Logger.Level.INFO,
                    "API keys reloaded: " + next.keys().size() + " keys");
        } catch (IllegalArgumentException e) {
            String error = String.valueOf(e.getMessage());
            lastParseError = Optional.of(error);
            report(error);
        }
    }

    private void report(String error) {
        if (!state.error().equals(Optional.of(error))) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "API_KEYS_FILE=" + file + " is not usable, the keys in force stay: " + error);
        }
        state = new State(state.keys(), state.loadedAt(), Optional.of(error));
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
