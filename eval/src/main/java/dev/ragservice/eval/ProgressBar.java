package dev.ragservice.eval;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar, redrawn in place with a carriage return: {@code ingest [#####-----] 120/240 50% 0:07}.
 * It redraws at most every quarter second, so thousands of small steps do not flood a slow terminal, and always
 * on the last step. Not thread-safe: one task advances it.
 */
public final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = Duration.ofMillis(250).toNanos();

    private final PrintStream out;
    private final String task;
    private final long total;
    private final LongSupplier nanoClock;
    private final long started;
    private long done;
    private long drawnAt;
    private long drawnDone = -1;
    private boolean closed;

    /** @param nanoClock {@code System::nanoTime}, or a fake one in tests */
    public ProgressBar(PrintStream out, String task, long total, LongSupplier nanoClock) {
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative, got " + total);
        }
        this.out = out;
        this.task = task;
        this.total = total;
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.drawnAt = started - REDRAW_NANOS; // so the first step draws
    }

    public ProgressBar(PrintStream out, String task, long total) {
        this(out, task, total, System::nanoTime);
    }

    public void advance(long steps) {
        done = Math.min(total, done + steps);
        long now = nanoClock.getAsLong();
        if ((done == total && drawnDone != total) || now - drawnAt >= REDRAW_NANOS) {
            draw(now);
        }
    }

    /** Ends the line, so whatever is printed next starts on a fresh one. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (drawnDone != done) {
            draw(nanoClock.getAsLong());
        }
        out.print('\n');
        out.flush();
    }

    private void draw(long now) {
        drawnAt = now;
        drawnDone = done;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        long percent = total == 0 ? 100 : 100 * done / total;
        long seconds = Duration.ofNanos(now - started).toSeconds();
        out.print(String.format(
                Locale.ROOT,
                "\r%-8s [%s%s] %d/%d %3d%% %d:%02d",
                task,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                done,
                total,
                percent,
                seconds / 60,
                seconds % 60));
        out.flush();
    }
}
