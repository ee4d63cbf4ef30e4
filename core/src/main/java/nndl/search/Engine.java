package nndl.search;

import java.util.concurrent.CompletableFuture;

/**
 * Runs trials' jobs, several at once: on this machine's cores ({@link LocalEngine}) or as the
 * tasks of a Spark cluster (the spark module). The search keeps the strategy and the records;
 * an engine only trains.
 */
public interface Engine extends AutoCloseable {
    /** How many jobs it runs at once: the search keeps this many started. */
    int slots();

    /** Starts a job; the future completes with its record (or an exception, for a bug). */
    CompletableFuture<TrialRecord> submit(TrialJob job);

    /** One line for a person: what runs the trials. */
    String describe();

    @Override
    void close();
}
