package nndl.search;

/**
 * Decides which trial trains next and for how many epochs, from what the finished jobs gave.
 * The search asks for a job whenever an engine has a free slot, and hands back each record as
 * its job finishes (or, when a search is resumed, as it was recorded).
 */
public interface Strategy {
    /** The job to start now, or null when none can start until a running one finishes (or all are done). */
    TrialJob next();

    /** What a job gave; also the records of a resumed search's earlier jobs, in the order they finished. */
    void record(TrialRecord record);
}
