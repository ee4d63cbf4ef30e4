package nndl.search;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import nndl.UserException;

/**
 * Trials on this machine: {@code parallel} at once, each on a thread of its own with one kernel
 * thread, so that a search keeps every core busy with whole trials (which share nothing) rather
 * than splitting each product between cores. By default as many as there are cores.
 */
public final class LocalEngine implements Engine {
    private final Trainer trainer;
    private final int parallel;
    private final ExecutorService threads;

    public LocalEngine(Trainer trainer, int parallel) {
        UserException.require(parallel >= 1, "--parallel must be at least 1, got " + parallel);
        this.trainer = trainer;
        this.parallel = parallel;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "trial-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** As many trials at once as the machine has cores. */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public int slots() {
        return parallel;
    }

    @Override
    public CompletableFuture<TrialRecord> submit(TrialJob job) {
        return CompletableFuture.supplyAsync(() -> trainer.train(job, "local " + Thread.currentThread().getName()), threads);
    }

    @Override
    public String describe() {
        return "local: " + parallel + (parallel == 1 ? " trial" : " trials") + " at once, each on one kernel thread";
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
