package nndl.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nndl.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code nndl} command. Exit status: 0 on success, 2 on a user error (one line on standard
 * error saying what is wrong and what to do), 1 on an internal error (with its stack trace).
 * Every command prints through picocli's writers ({@code spec.commandLine().getOut()} and
 * {@code getErr()}), so a caller can capture its output by setting them.
 */
@Command(name = "nndl", mixinStandardHelpOptions = true, version = "nndl " + Main.VERSION,
        description = "Neural networks that learn to read handwritten digits (Nielsen's book, chapters 1-3).",
        subcommands = {
                TrainCommand.class,
                RunsCommand.class,
                CompareCommand.class,
                SearchCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                ServeCommand.class,
                ExportCommand.class,
                ImportCommand.class,
                PresetsCommand.class,
                ShowCommand.class,
                FigureCommand.class,
                BaselineCommand.class,
                ExpandCommand.class,
                DownloadCommand.class,
                GradcheckCommand.class,
                BenchCommand.class,
                PerceptronCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int USER_ERROR = 2;
    /** nndl's version, as --version prints it and as ONNX files record their producer. */
    public static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on standard output and error, and returns its exit status. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine cmd = ex.getCommandLine();
            String problem = ex instanceof UnmatchedArgumentException unmatched
                    ? unmatched(unmatched) : ex.getMessage().replace("\n", " ").trim();
            cmd.getErr().println("nndl: " + problem + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
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

    /**
     * "unknown command 'trian': did you mean 'train'?" or "unknown option '--epohcs': did you mean
     * '--epochs'?": the first word not understood (picocli also lists the words after it, such as
     * an unknown option's value), and the closest name there is, if one is close.
     */
    private static String unmatched(UnmatchedArgumentException ex) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String typed = ex.getUnmatched().isEmpty() ? "" : ex.getUnmatched().get(0);
        boolean option = typed.startsWith("-");
        List<String> names = new ArrayList<>(option ? spec.optionsMap().keySet() : spec.subcommands().keySet());
        if (!option && spec.subcommands().isEmpty()) {
            return "unexpected argument '" + typed + "' for '" + spec.qualifiedName() + "'";
        }
        String what = (option ? "unknown option '" : "unknown command '") + typed + "'";
        Optional<String> closest = Suggestion.closest(option ? typed.split("=", 2)[0] : typed, names);
        return closest.map(name -> what + ": did you mean '" + name + "'?").orElse(what);
    }
}
