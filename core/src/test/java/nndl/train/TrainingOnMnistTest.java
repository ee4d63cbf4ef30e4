package nndl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.data.MnistTest;
import nndl.math.Kernels;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training on subsets of the bundled MNIST: accuracies reached, reproducibility, and chapter 3's effects. */
class TrainingOnMnistTest {
    static Mnist mnist;

    @BeforeAll
    static void load() {
        mnist = Mnist.load(MnistTest.bundled());
    }

    static Network network(Activation hidden, Activation output, Cost cost, int... sizes) {
        return new Network(sizes, hidden, output, cost).initialize(Initializer.DEFAULT, new Random(1));
    }

    @Test
    void chapterOneNetworkLearnsToReadDigits() {
        Network net = new Network(784, 30, 10).initialize(Initializer.DEFAULT, new Random(1));
        TrainingResult r = new Sgd(3, 10, 3.0).seed(1).train(net, mnist.training().first(10_000), mnist.test(), null);
        assertEquals(3, r.epochs().size());
        int correct = r.last().evaluation().correct();
        assertTrue(correct >= 9_000, "after 3 epochs on 10,000 images: " + correct + " / 10000");
        try (Kernels k = Kernels.create(1)) {
            assertEquals(correct, net.evaluate(mnist.test(), k).correct(), "the result is the trained network's");
        }
    }

    @Test
    void sameSeedSameNumbersWhateverTheThreadCount() {
        Dataset data = mnist.training().first(2_000);
        float[][] runs = new float[3][];
        int[][] threadsAndSeeds = {{1, 5}, {2, 5}, {1, 6}};
        for (int i = 0; i < 3; i++) {
            Network net = new Network(784, 40, 10).initialize(Initializer.DEFAULT, new Random(threadsAndSeeds[i][1]));
            new Sgd(2, 10, 3.0).dropout(0.2).momentum(0.5).seed(threadsAndSeeds[i][1]).threads(threadsAndSeeds[i][0])
                    .train(net, data, null, null);
            runs[i] = net.layers().get(0).weights.data;
        }
        assertArrayEquals(runs[0], runs[1], "1 and 2 threads, same seed");
        assertFalse(java.util.Arrays.equals(runs[0], runs[2]), "another seed");
    }

    @Test
    void earlyStoppingKeepsTheBestNetwork() {
        Network net = network(Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY, 784, 30, 10);
        Dataset evaluation = mnist.validation().first(1_000);
        TrainingResult r = new Sgd(60, 10, 2.0).earlyStop(3).seed(2)
                .train(net, mnist.training().first(300), evaluation, evaluation, null);
        assertTrue(r.stopReason().contains("stopped early"), r.stopReason());
        assertTrue(r.epochs().size() < 60);
        assertEquals(r.bestEpoch(), r.epochs().size() - 1 - 3, "stopped 3 epochs after the best");
        assertEquals(r.bestEpoch(), r.keptEpoch());
        try (Kernels k = Kernels.create(1)) {
            assertEquals(r.best().evaluation().correct(), net.evaluate(evaluation, k).correct());
        }
    }

    @Test
    void theScheduleHalvesEtaAfterAnEpochWithoutImprovementAndStopsBelowOneOver128() {
        TrainingResult r = new Sgd(60, 10, 0.5).schedule(1).seed(7)
                .train(sigmoid30(), mnist.training().first(300), mnist.validation().first(500), null, null);
        double eta = 0.5;
        int best = -1;
        for (EpochResult e : r.epochs()) {
            assertEquals(eta, e.eta(), "eta of epoch " + e.epoch());
            if (e.validation().correct() > best) {
                best = e.validation().correct();
            } else {
                eta /= 2;                               // patience 1: halved after each epoch without improvement
            }
        }
        assertEquals(0.5 / 256, eta, "stopped at the eighth halving");
        assertTrue(r.stopReason().contains("fell below eta/128"), r.stopReason());
    }

    @Test
    void theTestDataIsReportedAndNeverSteers() {
        // The same run reported on two different data sets, steered by the same validation data:
        // the same etas, the same stop and the same network, whatever is reported.
        Dataset validation = mnist.validation().first(500);
        Dataset training = mnist.training().first(300);
        Sgd sgd = new Sgd(40, 10, 1.0).schedule(1).earlyStop(4).seed(11).threads(1);
        Network a = sigmoid30();
        Network b = sigmoid30();
        TrainingResult ra = sgd.train(a, training, validation, mnist.test().first(1_000), null);
        TrainingResult rb = sgd.train(b, training, validation, mnist.test().slice(5_000, 5_300), null);
        assertEquals(ra.epochs().stream().map(EpochResult::eta).toList(), rb.epochs().stream().map(EpochResult::eta).toList());
        assertEquals(ra.stopReason(), rb.stopReason());
        assertEquals(ra.keptEpoch(), rb.keptEpoch());
        assertArrayEquals(a.layers().get(0).weights.data, b.layers().get(0).weights.data);
        assertTrue(ra.epochs().size() < 40 && ra.stopReason().contains("stopped early"), ra.stopReason());
        EpochResult best = ra.best();
        for (EpochResult e : ra.epochs()) {
            assertEquals(1_000, e.evaluation().total(), "the test data reported beside");
            assertTrue(e.validation().correct() <= best.validation().correct(), "best by validation accuracy");
        }
        try (Kernels k = Kernels.create(1)) {
            assertEquals(best.validation().correct(), a.evaluate(validation, k).correct(), "the network kept is the best by validation");
        }
    }

    @Test
    void withoutValidationDataNothingMaySteer() {
        Sgd scheduled = new Sgd(2, 10, 1.0).schedule(1);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(nndl.UserException.class,
                () -> scheduled.train(sigmoid30(), mnist.training().first(100), mnist.test(), null));
        assertTrue(e.getMessage().contains("need validation data"), e.getMessage());
    }

    /** How much better a network does on its training data than on evaluation data, in accuracy and in cost. */
    record Gap(double accuracy, double cost) {
    }

    /** The gap after training on 1,000 images (the book's overfitting experiment). */
    static Gap overfitting(Sgd sgd, Network net) {
        Dataset training = mnist.training().first(1_000);
        TrainingResult r = sgd.monitor(EnumSet.of(Monitor.TRAINING_ACCURACY, Monitor.TRAINING_COST))
                .train(net, training, mnist.validation().first(2_000), null);
        return new Gap(r.last().training().accuracy() - r.last().evaluation().accuracy(),
                r.last().evaluation().cost() - r.last().training().cost());
    }

    static Network sigmoid30() {
        return network(Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY, 784, 30, 10);
    }

    @Test
    void l2RegularizationShrinksTheOverfittingGap() {
        Gap plain = overfitting(new Sgd(30, 10, 0.5).seed(3), sigmoid30());
        Gap regularized = overfitting(new Sgd(30, 10, 0.5).lambda(5.0).seed(3), sigmoid30());
        assertTrue(plain.accuracy() > 0.1, "without regularization the network overfits: " + plain);
        assertTrue(regularized.accuracy() < plain.accuracy() - 0.03, "with L2 " + regularized + ", without " + plain);
    }

    @Test
    void l1RegularizationShrinksTheOverfittingGap() {
        Gap plain = overfitting(new Sgd(30, 10, 0.5).seed(3), sigmoid30());
        Gap regularized = overfitting(new Sgd(30, 10, 0.5).l1(3.0).seed(3), sigmoid30());
        assertTrue(regularized.cost() < 0.7 * plain.cost(), "with L1 " + regularized + ", without " + plain);
    }

    @Test
    void dropoutShrinksTheOverfittingGap() {
        Gap plain = overfitting(new Sgd(30, 10, 0.05).seed(4),
                network(Activation.RELU, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 784, 100, 10));
        Gap dropped = overfitting(new Sgd(30, 10, 0.05).dropout(0.5).seed(4),
                network(Activation.RELU, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 784, 100, 10));
        assertTrue(dropped.cost() < 0.9 * plain.cost(), "with dropout " + dropped + ", without " + plain);
    }

    @Test
    void momentumSpeedsUpLearningAtASmallEta() {
        Dataset training = mnist.training().first(3_000);
        Set<Monitor> cost = EnumSet.of(Monitor.TRAINING_COST);
        Network slow = network(Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY, 784, 30, 10);
        Network fast = slow.copy();
        double without = new Sgd(2, 10, 0.05).seed(5).monitor(cost).train(slow, training, null, null).last().training().cost();
        double with = new Sgd(2, 10, 0.05).momentum(0.9).seed(5).monitor(cost).train(fast, training, null, null).last().training().cost();
        assertTrue(with < 0.7 * without, "training cost with momentum " + with + " vs without " + without);
    }

    @Test
    void tanhAndReluNetworksLearn() {
        Dataset training = mnist.training().first(5_000);
        Dataset evaluation = mnist.test().first(2_000);
        for (Activation hidden : new Activation[] {Activation.TANH, Activation.RELU}) {
            Network net = network(hidden, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 784, 30, 10);
            int before;
            try (Kernels k = Kernels.create(1)) {
                before = net.evaluate(evaluation, k).correct();
            }
            TrainingResult r = new Sgd(3, 10, 0.1).seed(6).train(net, training, evaluation, null);
            int after = r.last().evaluation().correct();
            assertTrue(before < 600 && after > 1_700, hidden + ": " + before + " before, " + after + " / 2000 after");
        }
    }
}
