package nndl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import nndl.UserException;

/** The nndl checkout being run: the folder {@code ./nndl} gives as {@code nndl.home}, else the working directory. */
public record Home(Path folder) {
    public static Home current() {
        String home = System.getProperty("nndl.home");
        return new Home(home != null ? Path.of(home) : Path.of(""));
    }

    /** Its {@code nndl} launcher, which builds the jar when the sources changed and runs it as a user does. */
    public Path launcher() {
        Path launcher = folder.resolve("nndl");
        UserException.require(Files.isExecutable(launcher), "no nndl launcher at " + launcher.toAbsolutePath()
                + ": run ./nndl bench from the repository, or name one with --nndl");
        return launcher;
    }

    /** {@code bench/NAME}, one of the Python benchmark scripts. */
    public Path script(String name) {
        Path script = folder.resolve("bench").resolve(name);
        UserException.require(Files.isRegularFile(script), "no " + script.toAbsolutePath() + ": run ./nndl bench from the repository");
        return script;
    }
}
