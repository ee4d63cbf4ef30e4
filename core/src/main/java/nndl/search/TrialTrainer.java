package nndl.search;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.nn.Evaluation;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Preset;
import nndl.train.TrainingResult;

/**
 * Trains a trial for real: the base settings with the trial's values put in, for the job's
 * epochs, on one kernel thread, evaluated after every epoch on the validation data (which the
 * schedule and early stopping watch too). The test set is not given to it. Every engine runs
 * this, so a trial gives the same numbers wherever it runs.
 */
final class TrialTrainer implements Trainer {
    private final Map<String, Object> base;
    private final Dataset training;
    private final Dataset validation;
    private final boolean watchTrainingCost;

    /**
     * @param base              the settings every trial starts from, by train option name
     * @param training          the training data (before expansion)
     * @param validation        the data trials are scored on
     * @param watchTrainingCost also measure the training cost before and after each epoch (the book's η threshold)
     */
    TrialTrainer(Map<String, Object> base, Dataset training, Dataset validation, boolean watchTrainingCost) {
        this.base = new LinkedHashMap<>(base);
        this.training = training;
        this.validation = validation;
        this.watchTrainingCost = watchTrainingCost;
    }

    @Override
    public TrialRecord train(TrialJob job, String worker) {
        String kernels;
        try (Kernels k = Kernels.create(1)) {
            kernels = k.getClass().getSimpleName();
        }
        try {
            Map<String, Object> m = new LinkedHashMap<>(base);
            m.putAll(job.trial().values());
            m.put("epochs", job.epochs());
            Preset settings = TrialSettings.preset(m);
            long seed = m.containsKey("seed") ? Long.parseLong(String.valueOf(m.get("seed"))) : 1;
            Dataset data = m.containsKey("train-size") ? training.first(Integer.parseInt(String.valueOf(m.get("train-size")))) : training;
            Network network = settings.network(seed);
            Set<Monitor> monitors = watchTrainingCost ? EnumSet.of(Monitor.TRAINING_COST) : EnumSet.noneOf(Monitor.class);
            Double before = watchTrainingCost ? costBefore(network, data, settings) : null;
            TrainingResult result = settings.sgd().seed(seed).threads(1).monitor(monitors)
                    .train(network, settings.trainingData(data, seed), validation, null);
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
                    result.stopReason(), validation.size(), correct, cost, before, trainingCost, seconds, kernels, worker, -1);
        } catch (UserException e) {
            return TrialRecord.failed(job, e.getMessage(), kernels, worker);
        }
    }

    /** The training cost before the first epoch, with the regularization term as the epochs' costs have it. */
    private static double costBefore(Network network, Dataset data, Preset settings) {
        try (Kernels k = Kernels.create(1)) {
            Evaluation e = network.evaluate(data, k);
            int n = data.size();
            return e.cost() + 0.5 * (settings.lmbda() / n) * network.sumOfSquaredWeights()
                    + (settings.l1() / n) * network.sumOfAbsoluteWeights();
        }
    }
}
