package nndl.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.nn.Network;
import nndl.train.Checkpoint;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Settings;
import nndl.train.TrainingListener;
import nndl.train.TrainingResult;

/**
 * Trains a trial for real: the base settings with the trial's values put in, for the job's
 * epochs, on one kernel thread, evaluated after every epoch on the validation data (which the
 * schedule and early stopping watch too). The test set is not given to it. Every engine runs
 * this, so a trial gives the same numbers wherever it runs.
 *
 * <p>Given a place for each trial's checkpoint, it writes one after every epoch and starts a job
 * from it when it can: a promoted trial goes on from its lower rung's last epoch, and a job cut
 * short (a killed search) from its last complete one, instead of from the first epoch. A run
 * resumed from a checkpoint is the one never interrupted, bit for bit, so the records are the
 * same either way; only the epochs paid differ. An engine whose jobs run away from the search's
 * folder (Spark's executors) sends the checkpoint's bytes with the job instead and gets the job's
 * last one back ({@link #train(TrialJob, String, byte[])}).
 */
final class TrialTrainer implements Trainer {
    private final Settings base;
    private final Dataset training;
    private final Dataset validation;
    private final boolean watchTrainingCost;
    private final IntFunction<Path> checkpoints;

    /**
     * @param base              the settings every trial starts from
     * @param training          the training data (before expansion and train-size)
     * @param validation        the data trials are scored on
     * @param watchTrainingCost also measure the training cost before and after each epoch (the book's η threshold)
     * @param checkpoints       the file of each trial's checkpoint, or null to train every job from its first epoch
     */
    TrialTrainer(Settings base, Dataset training, Dataset validation, boolean watchTrainingCost, IntFunction<Path> checkpoints) {
        this.base = base;
        this.training = training;
        this.validation = validation;
        this.watchTrainingCost = watchTrainingCost;
        this.checkpoints = checkpoints;
    }

    /** The settings a job trains with: the base, the trial's values, the job's epochs. */
    Settings settings(TrialJob job) {
        Map<String, Object> changes = new LinkedHashMap<>(job.trial().values());
        changes.put("epochs", job.epochs());
        Settings s = base.with(changes);
        if (watchTrainingCost) {
            Set<Monitor> monitors = EnumSet.of(Monitor.TRAINING_COST);
            monitors.addAll(s.monitors());
            s = s.toBuilder().monitors(monitors).build();
        }
        return s;
    }

    @Override
    public TrialRecord train(TrialJob job, String worker) {
        Path file = checkpoints == null ? null : checkpoints.apply(job.trial().id());
        Checkpoint from = null;
        if (file != null && Files.isRegularFile(file)) {
            try {
                from = Checkpoint.read(file);
            } catch (UserException damaged) {
                // start afresh: the same result
            }
        }
        return train(job, worker, from, file == null ? null : checkpoint -> checkpoint.write(file));
    }

    @Override
    public Trained train(TrialJob job, String worker, byte[] checkpoint) {
        Checkpoint from = null;
        if (checkpoint != null) {
            try {
                from = Checkpoint.fromBytes(checkpoint, "trial " + job.trial().id() + "'s checkpoint");
            } catch (UserException damaged) {
                // start afresh: the same result
            }
        }
        Checkpoint[] last = new Checkpoint[1];
        TrialRecord record = train(job, worker, from, c -> last[0] = c);
        return new Trained(record, last[0] == null ? null : last[0].toBytes());
    }

    /**
     * Trains the job, going on from {@code from} if it is of the job's settings (but for the
     * epochs) and no further than its epochs, and handing {@code keep} (if any) the checkpoint
     * after every epoch.
     */
    private TrialRecord train(TrialJob job, String worker, Checkpoint from, Consumer<Checkpoint> keep) {
        String kernels;
        try (Kernels k = Kernels.create(1)) {
            kernels = k.getClass().getSimpleName();
        }
        try {
            Settings s = settings(job);
            Network network = s.network();
            Dataset data = s.trainingData(training);
            Double before = watchTrainingCost ? costBefore(network, data, s) : null;
            Checkpoint start = usable(from, s) ? from : null;
            TrainingListener listener = keep == null ? null : new TrainingListener() {
                @Override
                public void epochDone(EpochResult result) {
                }

                @Override
                public void checkpoint(Checkpoint checkpoint) {
                    keep.accept(checkpoint);
                }
            };
            // validation data steers (schedule, early stopping) and is what is reported: evaluated once an epoch
            TrainingResult result = start != null ? s.sgd().threads(1).resume(start, network, data, validation, validation, listener)
                    : s.sgd().threads(1).train(network, data, validation, validation, listener);
            List<Integer> correct = new ArrayList<>();
            List<Double> cost = new ArrayList<>();
            List<Double> trainingCost = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            for (EpochResult e : result.epochs()) {
                correct.add(e.evaluation().correct());
                cost.add(e.evaluation().cost());
                seconds.add(e.trainSeconds());
                if (e.training() != null) {
                    trainingCost.add(e.training().cost());
                }
            }
            return new TrialRecord(job.trial().id(), job.trial().values(), job.rung(), job.epochs(), TrialRecord.FINISHED,
                    result.stopReason(), validation.size(), correct, cost, before, trainingCost, seconds,
                    start != null ? start.epochsDone() : 0, kernels, worker, -1);
        } catch (UserException e) {
            return TrialRecord.failed(job, e.getMessage(), kernels, worker);
        }
    }

    /**
     * Whether a job of these settings can go on from the trial's checkpoint: of the same settings
     * but for the epochs, and no further than this job's (else the job starts afresh).
     */
    private static boolean usable(Checkpoint c, Settings s) {
        if (c == null) {
            return false;
        }
        return c.otherSettings(s).isEmpty() && c.epochsDone() <= s.epochs();
    }

    /** The training cost before the first epoch, with the regularization term as Sgd adds it to the epochs' costs. */
    private static double costBefore(Network network, Dataset data, Settings s) {
        try (Kernels k = Kernels.create(1)) {
            return s.sgd().evaluate(network, data, s.imagesPerEpoch(data), k).cost();
        }
    }
}
