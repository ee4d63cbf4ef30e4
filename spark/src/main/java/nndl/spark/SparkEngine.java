package nndl.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nndl.UserException;
import nndl.io.AtomicFile;
import nndl.search.Engine;
import nndl.train.Checkpoint;
import nndl.search.Trainer;
import nndl.search.TrainingSetup;
import nndl.search.TrialJob;
import nndl.search.TrialRecord;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trials as Spark tasks: each job is a Spark job of one task, run by an executor on one core
 * (one kernel thread), while this driver keeps the strategy and the records. As many jobs run at
 * once as the cluster has cores ({@code defaultParallelism}), submitted from as many driver
 * threads (Spark runs jobs from several threads side by side).
 *
 * <p>The data goes to the executors as a broadcast variable ({@link SearchData}), not as a path:
 * the driver has already read and checked it, a cluster then needs no shared file system and no
 * copy of the data on every node, and MNIST's training and validation images are small enough
 * (47 MB, sent compressed once per executor) that a path would save nothing worth the setup.
 *
 * <p>Each trial's checkpoint is kept on the driver, in the search's folder: a job takes its
 * trial's last checkpoint with it to the executor (a promoted trial goes on from its lower rung,
 * as on the local engine) and brings the new one back with its record.
 */
public final class SparkEngine implements Engine {
    /** How long a master's port may take to answer, and how long a cluster may take to give an executor. */
    static final int CONNECT_MILLIS = 5_000;
    static final int EXECUTOR_WAIT_MILLIS = 60_000;
    private static final Pattern STANDALONE = Pattern.compile("spark://(.+)");
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?");

    private final JavaSparkContext spark;
    private final Broadcast<SearchData> data;
    private final int slots;
    private final ExecutorService driverThreads;
    private final String master;
    private final IntFunction<Path> checkpoints;

    private SparkEngine(JavaSparkContext spark, TrainingSetup setup, IntFunction<Path> checkpoints) {
        this.spark = spark;
        this.checkpoints = checkpoints;
        this.master = spark.master();
        this.data = spark.broadcast(new SearchData(setup));
        this.slots = spark.defaultParallelism();
        this.driverThreads = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "spark-trial");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a Spark context on {@code master} (local[N], or spark://HOST:PORT of a standalone
     * cluster; any other URL is left to Spark, as under spark-submit) and waits for an executor.
     * A standalone master that does not answer is a UserException within {@link #CONNECT_MILLIS}.
     * Each trial's checkpoint is kept in {@code checkpoints.apply(trial)} on the driver (null: none kept).
     */
    public static SparkEngine start(String master, TrainingSetup setup, IntFunction<Path> checkpoints) {
        requireAnswers(master);
        SparkConf conf = new SparkConf().setAppName("nndl search").setMaster(master)
                .set("spark.ui.enabled", "false")
                // Trials run on the vector kernels (Spark 4 adds this module to executors too; older ones do not).
                .set("spark.executor.extraJavaOptions", withVectorModule(new SparkConf().get("spark.executor.extraJavaOptions", "")));
        if (loopback(master)) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        Path jar = ownJar();
        if (jar != null && !conf.contains("spark.jars")) {
            conf.setJars(new String[] {jar.toString()});
        }
        JavaSparkContext spark = new JavaSparkContext(conf);
        try {
            spark.setLogLevel("WARN");
            awaitExecutor(spark, master);
            return new SparkEngine(spark, setup, checkpoints);
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
    }

    static String withVectorModule(String options) {
        return options.contains("jdk.incubator.vector") ? options : (options + " --add-modules=jdk.incubator.vector").trim();
    }

    /** Refuses a malformed master URL, and a standalone master whose port does not answer. */
    static void requireAnswers(String master) {
        Matcher m = STANDALONE.matcher(master);
        if (!m.matches()) {
            UserException.require(!master.startsWith("local") || LOCAL.matcher(master).matches(), "malformed master URL '"
                    + master + "': use local[N], spark://HOST:PORT, or a URL spark-submit knows");
            return;
        }
        IOException last = null;
        for (String hostPort : m.group(1).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            UserException.require(colon > 0, "malformed master URL '" + master + "': write spark://HOST:PORT (7077 by default)");
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UserException("malformed master URL '" + master + "': the port '" + hostPort.substring(colon + 1)
                        + "' is not a number");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hostPort.substring(0, colon), port), CONNECT_MILLIS);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UserException("the Spark master at " + master + " does not answer (" + last.getMessage()
                + "): start it (see docs/SEARCH.md) or check --master");
    }

    /** Whether the driver should listen on 127.0.0.1: in local mode, and for a master on this machine's loopback. */
    private static boolean loopback(String master) {
        if (LOCAL.matcher(master).matches()) {
            return true;
        }
        Matcher m = STANDALONE.matcher(master);
        if (!m.matches()) {
            return false;
        }
        try {
            String host = m.group(1).substring(0, Math.max(0, m.group(1).lastIndexOf(':')));
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the cluster has given this application an executor (local mode has one at once). */
    private static void awaitExecutor(JavaSparkContext spark, String master) {
        long deadline = System.nanoTime() + EXECUTOR_WAIT_MILLIS * 1_000_000L;
        while (!spark.isLocal() && spark.sc().getExecutorIds().isEmpty()) {
            UserException.require(System.nanoTime() < deadline, "the Spark master at " + master + " gave no executor within "
                    + EXECUTOR_WAIT_MILLIS / 1000 + " s: start a worker with a free core and 1 GB of memory, or check --master");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The jar this class came from (nndl-spark.jar), for the executors; null when run from classes (tests in local mode). */
    private static Path ownJar() {
        try {
            Path p = Path.of(SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public CompletableFuture<TrialRecord> submit(TrialJob job) {
        RunTrial run = new RunTrial(data);
        Path file = checkpoints == null ? null : checkpoints.apply(job.trial().id());
        return CompletableFuture.supplyAsync(() -> {
            spark.setJobDescription("trial " + job.trial().id() + " (" + job.trial().describe() + "), " + job.epochs() + " epochs");
            byte[] checkpoint = file != null && Files.isRegularFile(file) ? read(file) : null;
            // a checkpoint (MBs for a wide network) goes as a broadcast of its own, not inside the task
            Broadcast<byte[]> sent = checkpoint == null ? null : spark.broadcast(checkpoint);
            try {
                RunTrial.Task task = new RunTrial.Task(job, sent, file != null);
                Trainer.Trained trained = spark.parallelize(List.of(task), 1).map(run).collect().get(0);
                if (file != null && trained.checkpoint() != null) {
                    AtomicFile.writeSynced(file, out -> out.write(trained.checkpoint()));
                }
                return trained.record();
            } finally {
                if (sent != null) {
                    sent.destroy();
                }
            }
        }, driverThreads);
    }

    /** A checkpoint's bytes, or null if it is damaged (the job then starts afresh, with the same result). */
    private static byte[] read(Path file) {
        try {
            return Checkpoint.read(file).toBytes();
        } catch (UserException damaged) {
            return null;
        }
    }

    @Override
    public String describe() {
        return "spark (" + master + "): " + slots + " trials at once, each a task on one core; the data broadcast ("
                + data.value().bytes() / 1_000_000 + " MB)";
    }

    @Override
    public void close() {
        driverThreads.shutdownNow();
        spark.stop();
    }
}
