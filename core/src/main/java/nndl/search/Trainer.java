package nndl.search;

import java.io.Serializable;

/** Trains one job of a trial on one kernel thread and scores it on validation data: what every engine runs. */
@FunctionalInterface
public interface Trainer {
    /** Runs the job; {@code worker} says where, for its record. A failed training is a record, not an exception. */
    TrialRecord train(TrialJob job, String worker);

    /**
     * Runs the job where the search's folder is not (a Spark executor): the trial's checkpoint
     * comes with the job as bytes ({@code null}: none), the job goes on from it when it fits, and
     * the job's last checkpoint goes back with its record. By default every job starts afresh and
     * sends no checkpoint back.
     */
    default Trained train(TrialJob job, String worker, byte[] checkpoint) {
        return new Trained(train(job, worker), null);
    }

    /** A job's record and its trial's checkpoint after it ({@code null}: none), as bytes. */
    record Trained(TrialRecord record, byte[] checkpoint) implements Serializable {
    }
}
