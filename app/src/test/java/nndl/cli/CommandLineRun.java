package nndl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import nndl.testing.TestMnist;
import picocli.CommandLine;

/** Runs the nndl command line in this JVM and captures its exit status and what it printed on its writers. */
public record CommandLineRun(int status, String out, String err) {
    /** The bundled data, seen from the app module's folder. */
    public static final String DATA = TestMnist.folder().toString();

    public static CommandLineRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new CommandLineRun(status, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
