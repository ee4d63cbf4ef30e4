package nndl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.data.MnistTest;
import nndl.nn.Initializer;
import nndl.nn.Network;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A listener steering a run from its own thread, as the lab does: the learning rate changed
 * between mini-batches ({@link TrainingListener#eta}), a run stopped by throwing from
 * {@link TrainingListener#batchDone}.
 */
class SteeringTest {
    static Dataset training;
    static Dataset validation;

    @BeforeAll
    static void load() {
        Mnist mnist = Mnist.load(MnistTest.bundled());
        training = mnist.training().first(1000);
        validation = mnist.validation().first(500);
    }

    /** A listener that only steers. */
    abstract static class Steer implements TrainingListener {
        @Override
        public void epochDone(EpochResult result) {
        }
    }

    static Network network() {
        return new Network(784, 20, 10).initialize(Initializer.DEFAULT, new Random(3));
    }

    static float[] parameters(Network n) {
        List<Float> all = new ArrayList<>();
        n.layers().forEach(l -> {
            for (float w : l.weights.data) {
                all.add(w);
            }
            for (float b : l.biases) {
                all.add(b);
            }
        });
        float[] p = new float[all.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = all.get(i);
        }
        return p;
    }

    @Test
    void aListenerThatLeavesEtaAloneChangesNothing() {
        Network plain = network();
        TrainingResult a = new Sgd(2, 10, 3.0).lambda(1.0).train(plain, training, validation, null);
        Network heard = network();
        TrainingResult b = new Sgd(2, 10, 3.0).lambda(1.0).train(heard, training, validation, new Steer() {
            @Override
            public double eta(int epoch, double eta) {
                return eta;
            }
        });
        assertArrayEquals(parameters(plain), parameters(heard));
        assertEquals(a.last().evaluation(), b.last().evaluation());
    }

    @Test
    void etaSetToZeroFromAMiniBatchOnLeavesTheNetworkAsAStopThereDoes() {
        int k = 37; // mini-batches of epoch 1 trained at η before it is set to 0 (the rest then change nothing)
        Network stopped = network();
        assertThrows(CancellationException.class, () -> new Sgd(3, 10, 3.0).lambda(1.0).train(stopped, training, validation,
                new Steer() {
                    @Override
                    public void batchDone(int epoch, int done, int total) {
                        if (epoch == 1 && done == k) {
                            throw new CancellationException("stopped");
                        }
                    }
                }));
        Network zeroed = network();
        int[] batchesSeen = {0};
        TrainingResult r = new Sgd(3, 10, 3.0).lambda(1.0).train(zeroed, training, validation, new Steer() {
            @Override
            public double eta(int epoch, double eta) {
                batchesSeen[0]++;
                return epoch == 0 || (epoch == 1 && batchesSeen[0] <= 100 + k) ? eta : 0.0;
            }
        });
        assertArrayEquals(parameters(stopped), parameters(zeroed), "bit for bit");
        assertEquals(300, batchesSeen[0], "asked once a mini-batch");
        assertEquals(3.0, r.epochs().get(0).eta(), 1e-6);
        assertEquals(0.0, r.epochs().get(1).eta(), "the η of the epoch's last mini-batch");
    }

    @Test
    void aRaisedEtaMovesTheWeightsFartherThanTheRunsOwn() {
        Network own = network();
        Network before = network();
        new Sgd(1, 10, 0.5).train(own, training, null, null);
        Network raised = network();
        new Sgd(1, 10, 0.5).train(raised, training, null, new Steer() {
            @Override
            public double eta(int epoch, double eta) {
                return 2 * eta;
            }
        });
        assertEquals(true, distance(raised, before) > 1.2 * distance(own, before));
        // Twice η from the start is the run with η = 1.0 itself.
        Network one = network();
        new Sgd(1, 10, 1.0).train(one, training, null, null);
        assertArrayEquals(parameters(one), parameters(raised));
    }

    private static double distance(Network a, Network b) {
        float[] p = parameters(a);
        float[] q = parameters(b);
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            d += (p[i] - q[i]) * (p[i] - q[i]);
        }
        return Math.sqrt(d);
    }
}
