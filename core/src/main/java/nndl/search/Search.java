package nndl.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import nndl.UserException;

/**
 * A search: the strategy decides, the engine trains, and this loop keeps the engine's slots
 * full, hands each finished job's record to the strategy and the listener (which prints it
 * and keeps it in the search folder), until the strategy has nothing left to run.
 */
public final class Search {
    private Search() {
    }

    /** Hears about jobs as they finish (in the order they finish). */
    public interface Listener {
        default void finished(TrialRecord record) {
        }
    }

    private record Done(TrialJob job, TrialRecord record, Throwable error) {
    }

    /**
     * Runs the search to its end. {@code earlier} are the records of a resumed search: the
     * strategy hears them first, in the order they finished, and does not run their jobs again.
     * Returns every record, earlier ones first, in the order they finished.
     */
    public static List<TrialRecord> run(Strategy strategy, Engine engine, List<TrialRecord> earlier, Listener listener) {
        List<TrialRecord> all = new ArrayList<>(earlier);
        all.sort(Comparator.comparingLong(TrialRecord::sequence));
        for (TrialRecord r : all) {
            strategy.record(r);
        }
        long sequence = all.isEmpty() ? 0 : all.get(all.size() - 1).sequence() + 1;
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        int running = 0;
        while (true) {
            while (running < engine.slots()) {
                TrialJob job = strategy.next();
                if (job == null) {
                    break;
                }
                engine.submit(job).whenComplete((r, e) -> done.add(new Done(job, r, e)));
                running++;
            }
            if (running == 0) {
                return all;
            }
            Done d;
            try {
                d = done.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while trials ran", e);
            }
            running--;
            if (d.error() != null) {
                Throwable cause = d.error() instanceof CompletionException && d.error().getCause() != null
                        ? d.error().getCause() : d.error();
                if (cause instanceof UserException u) {
                    throw u;
                }
                throw new IllegalStateException("trial " + d.job().trial().id() + " (" + d.job().trial().describe()
                        + ") broke the search", cause);
            }
            TrialRecord record = d.record().withSequence(sequence++);
            strategy.record(record);
            all.add(record);
            listener.finished(record);
        }
    }

    /** The best of the records at the full budget (or, if none got there, of all), by validation score; null if none finished. */
    public static TrialRecord best(List<TrialRecord> records, int fullEpochs) {
        Comparator<TrialRecord> byBudget = Comparator.comparingInt((TrialRecord r) -> r.epochs() >= fullEpochs ? 0 : 1);
        return records.stream().filter(TrialRecord::finished)
                .min(byBudget.thenComparing(TrialRecord.BEST_FIRST)).orElse(null);
    }

    /** Epochs trained by all the jobs (a promoted trial's lower rungs again, unless it went on from a checkpoint). */
    public static long epochsSpent(List<TrialRecord> records) {
        return records.stream().mapToLong(TrialRecord::epochsSpent).sum();
    }
}
