package nndl.math;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads that share a product: the rows of C are split into one contiguous block per
 * thread, so each element of C is computed by one thread with the same operations whatever
 * the thread count. Small products (a mini-batch of 10) stay on the calling thread, where a
 * hand-off would cost more than it saves.
 */
final class Workers implements AutoCloseable {
    /** Below this many multiply-adds a product runs on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1 << 20;

    /** A piece of work on rows [from, to); {@code part} (0 ≤ part < threads) names the thread's scratch. */
    interface RowRange {
        void run(int part, int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;
    private final List<Future<?>> pending = new ArrayList<>();

    Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "nndl-kernel");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs body over rows [0, rows), split across the threads when work (multiply-adds) is large. */
    void forRows(int rows, long work, RowRange body) {
        int parts = (int) Math.min(threads, rows);
        if (pool == null || parts < 2 || work < PARALLEL_THRESHOLD) {
            body.run(0, 0, rows);
            return;
        }
        pending.clear();
        for (int t = 1; t < parts; t++) {
            int part = t;
            int from = (int) ((long) rows * t / parts);
            int to = (int) ((long) rows * (t + 1) / parts);
            pending.add(pool.submit(() -> body.run(part, from, to)));
        }
        body.run(0, 0, (int) ((long) rows / parts));
        try {
            for (Future<?> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while multiplying", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a kernel thread failed", e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
