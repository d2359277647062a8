package dev.ragservice.adapters.local.embedding;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Platform threads that run the task of the smallest request first (fewest texts), in arrival order among equals.
 * A large ingest is many batch tasks; a question's one batch then waits for the batches already running, never
 * for the whole ingest.
 */
final class SmallestFirstExecutor {

    private record Task(int weight, long arrival, Runnable work) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byWeight = Integer.compare(weight, other.weight);
            return byWeight != 0 ? byWeight : Long.compare(arrival, other.arrival);
        }
    }

    private static final Task STOP = new Task(Integer.MAX_VALUE, Long.MAX_VALUE, () -> {});

    private final PriorityBlockingQueue<Task> queue = new PriorityBlockingQueue<>();
    private final AtomicLong arrivals = new AtomicLong();
    private final int threads;

    SmallestFirstExecutor(int threads, ThreadFactory factory) {
        this.threads = threads;
        for (int i = 0; i < threads; i++) {
            factory.newThread(this::work).start();
        }
    }

    /** @param weight the size of the request the task belongs to: smaller runs first */
    <T> CompletableFuture<T> submit(int weight, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(new Task(weight, arrivals.getAndIncrement(), () -> {
            try {
                result.complete(task.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    /** The threads end once the tasks queued before this have run. */
    void shutdown() {
        for (int i = 0; i < threads; i++) {
            queue.add(STOP);
        }
    }

    private void work() {
        try {
            for (Task task = queue.take(); task != STOP; task = queue.take()) {
                task.work().run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
