package nndl.spark;

import nndl.search.TrialJob;
import nndl.search.TrialRecord;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/** A Spark task's work: one job of a trial, trained on the executor with the broadcast data. */
final class RunTrial implements Function<TrialJob, TrialRecord> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SearchData> data;

    RunTrial(Broadcast<SearchData> data) {
        this.data = data;
    }

    @Override
    public TrialRecord call(TrialJob job) {
        String worker = "spark executor " + SparkEnv.get().executorId() + " (pid " + ProcessHandle.current().pid() + ")";
        return data.value().trainer().train(job, worker);
    }
}
