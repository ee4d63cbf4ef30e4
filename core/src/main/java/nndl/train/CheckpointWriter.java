package nndl.train;

import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import nndl.UserException;

/**
 * Writes the checkpoints of a run to one file on a thread of its own, so that training does not
 * wait for the disk: forcing a file to the disk takes longer than a whole epoch of a small
 * network. {@link #write} returns at once; the latest checkpoint handed in is written next (one
 * handed in while another is being written replaces any still waiting, so the file is never more
 * than one epoch behind, and never half written: {@link Checkpoint#write}). {@link #close} waits
 * until the last one is on the disk.
 *
 * <pre>{@code
 * try (CheckpointWriter writer = new CheckpointWriter(folder.resolve("checkpoint"))) {
 *     sgd.train(network, training, validation, test, new TrainingListener() {
 *         public void epochDone(EpochResult r) { ... }
 *         public void checkpoint(Checkpoint c) { writer.write(c); }
 *     });
 * }
 * }</pre>
 */
public final class CheckpointWriter implements AutoCloseable {
    private final Path file;
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "nndl checkpoint writer");
                t.setDaemon(true); // a write cut short by the end of the program leaves the file before it
                return t;
            });
    private final AtomicReference<Checkpoint> waiting = new AtomicReference<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Consumer<Checkpoint> written;
    private volatile int epochsWritten = -1;

    public CheckpointWriter(Path file) {
        this(file, c -> { });
    }

    /**
     * A writer that, on its thread, hands each checkpoint to {@code written} once it is on the
     * disk: what is written there (a run folder's metrics) never runs ahead of the checkpoint.
     */
    public CheckpointWriter(Path file, Consumer<Checkpoint> written) {
        this.file = file;
        this.written = written;
        thread.prestartCoreThread(); // so that handing over the first checkpoint does not wait for a thread to start
    }

    /** Hands a checkpoint over to be written; a failure of an earlier write is thrown here. */
    public void write(Checkpoint checkpoint) {
        throwFailure();
        waiting.set(checkpoint);
        thread.execute(this::writeWaiting);
    }

    /** The epochs done of the last checkpoint on the disk (-1: none yet). */
    public int epochsWritten() {
        return epochsWritten;
    }

    /** Waits until every checkpoint handed in is written (or superseded), then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                // a slow disk: keep waiting, the checkpoint must be whole
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while the last checkpoint was written to " + file);
        }
        throwFailure();
    }

    private void writeWaiting() {
        Checkpoint next = waiting.getAndSet(null);
        if (next == null || failure.get() != null) {
            return;
        }
        try {
            next.write(file);
            epochsWritten = next.epochsDone();
            written.accept(next);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void throwFailure() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e instanceof UserException u ? u : new IllegalStateException("writing a checkpoint failed", e);
        }
    }
}
