package nndl.cli;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import nndl.UserException;

/**
 * {@code search --engine spark} from {@code ./nndl}: Spark is not on nndl's class path (the
 * launcher builds without the spark module, so that nndl starts without Spark's 220 MB of jars), so
 * the search goes on in a JVM of its own, started with the spark module's jars and the options a
 * JVM running Spark needs on Java 17 (Spark's own list, read from its launcher library: the
 * {@code --add-opens} of the JDK's internals it uses, and the vector module the kernels use).
 */
final class SparkLaunch {
    static final String BUILD = "mvn -q -B -DskipTests package -pl spark -am";

    private SparkLaunch() {
    }

    /** Runs the command line {@code args} (search and its options) again in a JVM with the spark module; returns its exit status. */
    static int relaunch(List<String> args) {
        UserException.require(System.getProperty("nndl.spark.child") == null, "the Spark engine is not on the class path"
                + " of this JVM: run it through ./nndl, or with spark-submit and spark/target/nndl-spark.jar");
        Path home = Path.of(System.getProperty("nndl.home", "."));
        Path jar = home.resolve("spark/target/nndl-spark.jar");
        Path lib = home.resolve("spark/target/lib");
        UserException.require(Files.isRegularFile(jar) && Files.isDirectory(lib), "the Spark engine is not built: run '"
                + BUILD + "' in " + home.toAbsolutePath().normalize() + " (it fetches Spark's jars, about 220 MB, once)");
        Path app = home.resolve("app/target/nndl.jar");
        UserException.require(!Files.isRegularFile(app) || modified(jar) >= modified(app), "the Spark engine is older than"
                + " nndl: rebuild it with '" + BUILD + "' in " + home.toAbsolutePath().normalize());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-Xm") || option.startsWith("-XX:+Use")) {
                command.add(option);
            }
        }
        command.addAll(Arrays.asList(sparkJvmOptions(lib).trim().split("\\s+")));
        command.add("-Dnndl.home=" + home);
        command.add("-Dnndl.spark.child=true");
        command.add("-cp");
        command.add(lib.resolve("*") + java.io.File.pathSeparator + jar);
        command.add("nndl.cli.Main");
        command.addAll(args);
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            return child.waitFor();
        } catch (IOException e) {
            throw new UserException("cannot start the JVM for the Spark engine: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Spark's JavaModuleOptions.defaultModuleOptions(), read from its launcher jar in lib. */
    static String sparkJvmOptions(Path lib) {
        Path launcher;
        try (Stream<Path> jars = Files.list(lib)) {
            launcher = jars.filter(p -> p.getFileName().toString().startsWith("spark-launcher_")).findFirst()
                    .orElseThrow(() -> new UserException(lib + " has no spark-launcher jar: rebuild it with '" + BUILD + "'"));
        } catch (IOException e) {
            throw new UserException("cannot read " + lib + ": " + e.getMessage());
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {launcher.toUri().toURL()}, null)) {
            return (String) loader.loadClass("org.apache.spark.launcher.JavaModuleOptions")
                    .getMethod("defaultModuleOptions").invoke(null);
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot read Spark's JVM options from " + launcher, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
