package nndl.spark;

import java.io.Serializable;
import nndl.search.Trainer;
import nndl.search.TrialJob;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * A Spark task's work: one job of a trial, trained on the executor with the broadcast data, going
 * on from the trial's checkpoint when one came with it and, if the driver keeps them, sending the
 * job's last checkpoint back with its record.
 */
final class RunTrial implements Function<RunTrial.Task, Trainer.Trained> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SearchData> data;

    RunTrial(Broadcast<SearchData> data) {
        this.data = data;
    }

    /** A job, its trial's checkpoint (null: none), and whether the driver wants the new one back. */
    record Task(TrialJob job, Broadcast<byte[]> checkpoint, boolean keep) implements Serializable {
    }

    @Override
    public Trainer.Trained call(Task task) {
        String worker = "spark executor " + SparkEnv.get().executorId() + " (pid " + ProcessHandle.current().pid() + ")";
        Trainer trainer = data.value().trainer();
        return task.keep() ? trainer.train(task.job(), worker, task.checkpoint() == null ? null : task.checkpoint().value())
                : new Trainer.Trained(trainer.train(task.job(), worker), null);
    }
}
