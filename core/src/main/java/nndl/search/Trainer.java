package nndl.search;

/** Trains one job of a trial on one kernel thread and scores it on validation data: what every engine runs. */
@FunctionalInterface
public interface Trainer {
    /** Runs the job; {@code worker} says where, for its record. A failed training is a record, not an exception. */
    TrialRecord train(TrialJob job, String worker);
}
