package nndl.cli;

import java.io.PrintWriter;
import nndl.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nndl} command. Exit status: 0 on success, 2 on a user error (one line on standard
 * error saying what is wrong and what to do), 1 on an internal error (with its stack trace).
 */
@Command(name = "nndl", mixinStandardHelpOptions = true, version = "nndl 0.1.0",
        description = "Neural networks that learn to read handwritten digits (Nielsen's book, chapters 1-3).",
        subcommands = {
                TrainCommand.class,
                SearchCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                ServeCommand.class,
                PresetsCommand.class,
                ShowCommand.class,
                BaselineCommand.class,
                ExpandCommand.class,
                DownloadCommand.class,
                GradcheckCommand.class,
                BenchCommand.class,
                PerceptronCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("nndl: " + ex.getMessage().replace("\n", " ").trim()
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof UserException) {
                cmd.getErr().println("nndl: " + ex.getMessage());
                return USER_ERROR;
            }
            throw ex;
        });
        return cl;
    }
}
