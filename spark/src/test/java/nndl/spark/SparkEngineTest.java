package nndl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import nndl.UserException;
import nndl.data.Mnist;
import nndl.search.Engine;
import nndl.search.FixedTrials;
import nndl.search.LocalEngine;
import nndl.search.Search;
import nndl.search.SearchSpace;
import nndl.search.SuccessiveHalving;
import nndl.search.Trial;
import nndl.search.TrialJob;
import nndl.search.TrainingSetup;
import nndl.search.TrialRecord;
import nndl.search.SettingsOptions;
import nndl.train.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine in this JVM (Spark local[2]: the only Spark context of the test JVM), against the local engine. */
class SparkEngineTest {
    /** The small search: 4 trials, 2,000 training images, 2 epochs, scored on the 10,000 validation images. */
    static final Settings BASE = Settings.DEFAULT.with(Map.of("epochs", 2, "train-size", 2000));
    static final List<String> SPACE = List.of("eta=0.5,3", "hidden=20,40");

    static TrainingSetup setup() {
        Mnist mnist = Mnist.load(Path.of("..", "data", "mnist"));
        return new TrainingSetup(BASE.toMap(), mnist.training(), mnist.validation(), false);
    }

    static List<TrialRecord> search(Engine engine) {
        FixedTrials trials = new FixedTrials(SearchSpace.parse(SPACE, new SettingsOptions(BASE)).grid(2), 2);
        List<TrialRecord> records = Search.run(trials, engine, List.of(), new Search.Listener() { });
        return records.stream().sorted(Comparator.comparingInt(TrialRecord::trial)).toList();
    }

    @TempDir
    Path dir;

    @Test
    void aSearchGivesTheSameResultsOnSparkAsOnTheLocalEngine() {
        TrainingSetup setup = setup();
        List<TrialRecord> local;
        try (Engine engine = new LocalEngine(setup.trainer(), 2)) {
            local = search(engine);
        }
        List<TrialRecord> spark;
        List<TrialRecord> halving;
        // the test JVM's one Spark context, for both searches: each trial's checkpoint kept in the folder of the search running
        AtomicReference<Path> folder = new AtomicReference<>(dir.resolve("grid"));
        try (Engine engine = SparkEngine.start("local[2]", setup, id -> folder.get().resolve(id + ".checkpoint"))) {
            assertEquals(2, engine.slots());
            spark = search(engine);
            folder.set(dir.resolve("halving"));
            halving = halving(engine);
        }
        promotionsGoOnFromTheirCheckpointsWithTheResultsOfTrainingAgain(halving);
        assertEquals(4, spark.size());
        for (TrialRecord r : spark) {
            assertTrue(r.finished(), r.toString());
            assertEquals(2, r.epochsTrained());
            assertEquals("VectorKernels", r.kernels(), "the executors run the vector kernels");
            assertTrue(r.worker().startsWith("spark executor driver (pid " + ProcessHandle.current().pid() + ")"), r.worker());
            assertTrue(r.score() > 5_000, "trained, not guessing: " + r);
        }
        assertEquals(local.stream().map(TrialRecord::result).toList(), spark.stream().map(TrialRecord::result).toList());
    }

    /** Six trials of the engine's base (2,000 images) promoted from 1 epoch to 3 and 9. */
    static final List<Trial> HALVING_TRIALS = SearchSpace.parse(List.of("eta=0.3..30:log"), new SettingsOptions(BASE)).grid(6);

    static List<TrialRecord> halving(Engine engine) {
        return Search.run(new SuccessiveHalving(HALVING_TRIALS, 9, 1), engine, List.of(), new Search.Listener() { });
    }

    /**
     * On Spark the trial's checkpoint travels to the executor with the job and back: a promotion
     * goes on from its lower rung's last epoch, and gives exactly what training it again from the
     * first epoch gives (here, on the local engine's trainer).
     */
    private void promotionsGoOnFromTheirCheckpointsWithTheResultsOfTrainingAgain(List<TrialRecord> halving) {
        TrainingSetup setup = setup();
        int[] rungs = SuccessiveHalving.rungs(9, 1);
        assertTrue(halving.stream().anyMatch(r -> r.rung() == rungs.length - 1), "a trial reached the full 9 epochs: " + halving);
        int expectedSpent = 0;
        for (TrialRecord r : halving) {
            int lower = r.rung() == 0 ? 0 : rungs[r.rung() - 1];
            assertEquals(lower, r.resumedFrom(), "a promotion goes on from its lower rung: " + r);
            assertTrue(r.worker().startsWith("spark executor"), r.worker());
            TrialRecord again = setup.trainer().train(new TrialJob(HALVING_TRIALS.get(r.trial()), r.rung(), r.epochs()), "here");
            assertEquals(again.result(), r.result());
            expectedSpent += r.epochs() - lower;
            assertTrue(Files.isRegularFile(dir.resolve("halving").resolve(r.trial() + ".checkpoint")));
        }
        assertEquals(expectedSpent, Search.epochsSpent(halving));
    }

    @Test
    void aMasterThatDoesNotAnswerIsOneLineWithinThirtySeconds() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        UserException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(UserException.class, () -> SparkEngine.requireAnswers(master)));
        assertTrue(e.getMessage().startsWith("the Spark master at " + master + " does not answer ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): start it (see docs/SEARCH.md) or check --master"), e.getMessage());
    }

    @Test
    void malformedMasterUrlsAreRefused() {
        assertEquals("malformed master URL 'local[two]': use local[N], spark://HOST:PORT, or a URL spark-submit knows",
                assertThrows(UserException.class, () -> SparkEngine.requireAnswers("local[two]")).getMessage());
        assertEquals("malformed master URL 'spark://127.0.0.1': write spark://HOST:PORT (7077 by default)",
                assertThrows(UserException.class, () -> SparkEngine.requireAnswers("spark://127.0.0.1")).getMessage());
        assertEquals("malformed master URL 'spark://127.0.0.1:x': the port 'x' is not a number",
                assertThrows(UserException.class, () -> SparkEngine.requireAnswers("spark://127.0.0.1:x")).getMessage());
        SparkEngine.requireAnswers("local[2]");
        SparkEngine.requireAnswers("local[*]");
        SparkEngine.requireAnswers("local");
    }

    @Test
    void executorsGetTheVectorModuleOnceWhateverElseTheyAreGiven() {
        assertEquals("--add-modules=jdk.incubator.vector", SparkEngine.withVectorModule(""));
        assertEquals("-Xss4m --add-modules=jdk.incubator.vector", SparkEngine.withVectorModule("-Xss4m"));
        assertEquals("--add-modules jdk.incubator.vector", SparkEngine.withVectorModule("--add-modules jdk.incubator.vector"));
    }
}
