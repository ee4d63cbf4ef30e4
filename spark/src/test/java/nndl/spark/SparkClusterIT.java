package nndl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nndl.search.Engine;
import nndl.search.LocalEngine;
import nndl.search.SearchFolder;
import nndl.search.TrialRecord;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on this machine: a master and one worker started on
 * 127.0.0.1 from the Maven jars (spark/target/lib, nothing downloaded), and {@code nndl search
 * --engine spark} submitted to it as a user runs it, from the packaged jars. Its trials must
 * give exactly what the local engine gives. Master and worker are stopped by their process ids.
 */
class SparkClusterIT {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path LIB = REPO.resolve("spark/target/lib");
    static final long SEARCH_SECONDS = 240;

    @TempDir
    Path tmp;
    private final List<Process> started = new ArrayList<>();

    @Test
    void aSearchSubmittedToAStandaloneClusterGivesTheLocalEnginesResults() throws Exception {
        Path sparkHome = sparkHome();
        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;
        Process masterProcess = startSpark(sparkHome, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
        awaitPort(masterPort, masterProcess, tmp.resolve("master.log"));
        Process worker = startSpark(sparkHome, "worker", "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
                "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()), "--cores", "2",
                "--memory", "2g", "--work-dir", tmp.resolve("work").toString());

        Path out = tmp.resolve("search");
        List<String> args = new ArrayList<>(List.of("search", "--engine", "spark", "--master", master,
                "--data", REPO.resolve("data/mnist").toString(), "--out", out.toString()));
        args.addAll(List.of("epochs=" + SparkEngineTest.BASE.epochs(), "train-size=" + SparkEngineTest.BASE.trainSize()));
        args.addAll(SparkEngineTest.SPACE);
        Run search = nndl(args, SEARCH_SECONDS);
        assertEquals(0, search.status(), search.toString());
        assertTrue(search.out().contains("Engine: spark (" + master + "): 2 trials at once"), search.out());

        List<TrialRecord> onCluster = SearchFolder.open(out).records().stream()
                .sorted(Comparator.comparingInt(TrialRecord::trial)).toList();
        assertEquals(4, onCluster.size());
        for (TrialRecord r : onCluster) {
            assertTrue(r.worker().matches("spark executor \\d+ \\(pid \\d+\\)"), r.worker());
            long pid = Long.parseLong(r.worker().replaceAll(".*pid (\\d+)\\)", "$1"));
            assertTrue(pid != masterProcess.pid() && pid != worker.pid() && pid != ProcessHandle.current().pid(),
                    "an executor JVM of its own: " + r.worker());
            assertEquals("VectorKernels", r.kernels(), "the executors run the vector kernels");
        }
        List<TrialRecord> local;
        try (Engine engine = new LocalEngine(SparkEngineTest.setup().trainer(), 2)) {
            local = SparkEngineTest.search(engine);
        }
        assertEquals(local.stream().map(TrialRecord::result).toList(), onCluster.stream().map(TrialRecord::result).toList());
    }

    @Test
    void aMasterThatDoesNotAnswerIsOneLineAndStatusTwoWithinThirtySeconds() throws Exception {
        String master = "spark://127.0.0.1:" + freePort();
        long start = System.nanoTime();
        Run run = nndl(List.of("search", "--engine", "spark", "--master", master, "--data", REPO.resolve("data/mnist").toString(),
                "--out", tmp.resolve("s").toString(), "eta=0.5,3"), 30);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(2, run.status(), run.toString());
        List<String> lines = run.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("nndl: the Spark master at " + master + " does not answer ("), run.err());
        assertTrue(seconds < 30, seconds + " s");
    }

    /** A SPARK_HOME the worker accepts: an empty RELEASE file and jars/ (links to the Maven jars). */
    private Path sparkHome() throws IOException {
        Path home = tmp.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.createFile(home.resolve("RELEASE"));
        try (Stream<Path> jars = Files.list(LIB)) {
            for (Path jar : jars.toList()) {
                Files.createSymbolicLink(home.resolve("jars").resolve(jar.getFileName()), jar);
            }
        }
        return home;
    }

    private Process startSpark(Path sparkHome, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
        command.addAll(List.of("-cp", LIB.resolve("*").toString(), mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private record Run(int status, String out, String err) {
    }

    /** {@code java -jar app/target/nndl.jar ARGS}, as ./nndl runs it, within {@code seconds}. */
    private Run nndl(List<String> args, long seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g", "--add-modules", "jdk.incubator.vector",
                "-Dnndl.home=" + REPO, "-jar", REPO.resolve("app/target/nndl.jar").toString()));
        command.addAll(args);
        Path out = tmp.resolve("nndl.out");
        Path err = tmp.resolve("nndl.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(p);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            stop(p);
            fail("nndl " + args + " took more than " + seconds + " s:\n" + Files.readString(out) + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void awaitPort(int port, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the master stopped: " + read(log));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        fail("the master did not listen on " + port + " within 90 s: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops every process this test started, and theirs (the worker's executors), by process id. */
    @AfterEach
    void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            stop(p);
        }
    }

    private static void stop(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
