package dev.ragservice.adapters.redis;

import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.cache.CounterCopies;
import java.time.Duration;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;

/**
 * Keeps this replica's copies of counters current: subscribes to the channel that {@code increment-and-publish.lua}
 * publishes every new value on, and raises the copies as messages arrive, so other replicas' increments are seen at
 * once. The subscription has a connection of its own (a subscribed connection serves nothing else) on a daemon
 * thread. Whenever it is not subscribed, messages are lost: the copies are dropped when it breaks and again when
 * it is back, and it tries again every {@link #RETRY} meanwhile. The copies' staleness bound never depends on it
 * ({@link CounterCopies}).
 */
final class CounterSubscription implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CounterSubscription.class.getName());
    private static final Duration RETRY = Duration.ofMillis(500);

    private final RedisSettings settings;
    private final String channel;
    private final CounterCopies copies;
    private final Thread thread;
    private volatile boolean closed;
    private volatile @Nullable Connection connection;
    private boolean announcedDown;

    private final JedisPubSub listener = new JedisPubSub() {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            copies.clear();
            if (announcedDown) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "subscribed to {0} again: other replicas'' increments are seen at once",
                        channel);
                announcedDown = false;
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            int colon = message.indexOf(':');
            try {
                copies.notified(message.substring(colon + 1), Long.parseLong(message.substring(0, colon)));
            } catch (RuntimeException e) {
                // Not one of ours (someone else publishing on the channel): a copy is only ever raised by a counter.
                LOG.log(System.Logger.Level.DEBUG, "ignored a message on {0} that is not a counter", channel);
            }
        }
    };

    private CounterSubscription(RedisSettings settings, String channel, CounterCopies copies) {
        this.settings = settings;
        this.channel = channel;
        this.copies = copies;
        this.thread =
                Thread.ofPlatform().daemon().name("redis-counter-subscription").unstarted(this::run);
    }

    static CounterSubscription start(RedisSettings settings, String channel, CounterCopies copies) {
        CounterSubscription subscription = new CounterSubscription(settings, channel, copies);
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        while (!closed) {
            try (Connection subscribed = RedisClients.connect(settings)) {
                connection = subscribed;
                if (!closed) {
                    listener.proceed(subscribed, channel); // returns only when the connection breaks or closes
                }
            } catch (RuntimeException e) {
                if (!closed && !announcedDown) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "no subscription to " + channel + " (trying again every "
                                    + RETRY.toMillis() + " ms): other replicas' increments are seen within "
                                    + CounterCopies.TRUST.toMillis() + " ms meanwhile: " + e.getMessage());
                    announcedDown = true;
                }
            } finally {
                connection = null;
                copies.clear();
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            // close() wakes the thread to let it end
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection subscribed = connection;
        if (subscribed != null) {
            try {
                subscribed.close(); // ends the blocked read at once
            } catch (RuntimeException e) {
                // already broken: closed either way
            }
        }
        thread.interrupt();
    }
}
