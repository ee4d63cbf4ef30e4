package nndl.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.nn.Network;

/**
 * What a checkpoint after every epoch costs a run: the copy of the training state {@link Sgd}
 * makes for its listeners after each epoch, and handing it to a {@link CheckpointWriter}, on the
 * training thread; and, on the writer's thread, turning it into bytes and writing them
 * (atomically, forced to the disk), which must take less than an epoch to keep up. Against the
 * epoch's training time. A main, not a test: speed is measured, never asserted.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar nndl.train.CheckpointBenchmark PRESET EPOCHS [FOLDER]
 * </pre>
 * e.g. {@code ch1 6} and {@code best 2}; FOLDER is where the checkpoint is written (default: a
 * temporary folder), so that the disk can be chosen; -Dnndl.data=DIR if not run from the repository.
 */
public final class CheckpointBenchmark {
    private CheckpointBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Preset.named(args[0]).settings().with("epochs", args[1]);
        Path folder = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("nndl-checkpoint");
        Path file = folder.resolve("benchmark.checkpoint");
        Mnist mnist = Mnist.load(Path.of(System.getProperty("nndl.data", "data/mnist")));
        Dataset training = settings.trainingData(mnist.training());
        Dataset evaluation = settings.evaluationData(mnist);
        List<Double> epochSeconds = new ArrayList<>();
        List<Double> handOffMillis = new ArrayList<>();
        Checkpoint[] last = new Checkpoint[1];
        Network network = settings.network();
        try (CheckpointWriter writer = new CheckpointWriter(file)) {
            settings.sgd().train(network, training, mnist.validation(), evaluation, new TrainingListener() {
                @Override
                public void epochDone(EpochResult result) {
                    epochSeconds.add(result.trainSeconds());
                }

                @Override
                public void checkpoint(Checkpoint checkpoint) {
                    long start = System.nanoTime();
                    writer.write(checkpoint);
                    handOffMillis.add((System.nanoTime() - start) / 1e6);
                    last[0] = checkpoint;
                }
            });
        }
        // The copy Sgd makes before handing a checkpoint out, of a state as large as the run's at its end:
        // the network, its velocities with momentum, the best network and the images' order.
        TrainingState state = TrainingState.start(settings, network, settings.imagesPerEpoch(training));
        state.best = network.copy();
        double[] copyMillis = new double[30];
        double[] bytesMillis = new double[30];
        for (int i = 0; i < copyMillis.length; i++) {
            long start = System.nanoTime();
            Checkpoint c = new Checkpoint(settings, state.copy());
            long copied = System.nanoTime();
            c.toBytes();
            copyMillis[i] = (copied - start) / 1e6;
            bytesMillis[i] = (System.nanoTime() - copied) / 1e6;
        }
        double[] writeMillis = new double[5];
        for (int i = 0; i < writeMillis.length; i++) {
            long start = System.nanoTime();
            last[0].write(file);
            writeMillis[i] = (System.nanoTime() - start) / 1e6;
        }
        double epoch = median(epochSeconds.stream().mapToDouble(Double::doubleValue).toArray());
        double copy = median(Arrays.copyOfRange(copyMillis, 10, copyMillis.length));
        double handOff = median(handOffMillis.stream().mapToDouble(Double::doubleValue).toArray());
        double bytes = median(Arrays.copyOfRange(bytesMillis, 10, bytesMillis.length));
        double write = median(writeMillis);
        System.out.printf(Locale.ROOT, "%s %s, checkpoint %.2f MB, epoch %.3f s (median of %d), load average %s%n"
                        + "  on the training thread: state copy %.2f ms + hand-off %.3f ms = %.3f%% of an epoch%n"
                        + "  on the writer's thread: to bytes %.1f ms, write with fsync %.1f ms (median of %d: %s) = %.1f%% of an epoch%n",
                args[0], Arrays.toString(network.sizes()), Files.size(file) / 1e6, epoch, epochSeconds.size(),
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0], copy, handOff,
                100 * (copy + handOff) / 1000 / epoch, bytes, write, writeMillis.length,
                Arrays.stream(writeMillis).mapToObj(ms -> String.format(Locale.ROOT, "%.1f", ms)).toList(),
                100 * write / 1000 / epoch);
        Files.deleteIfExists(file);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
