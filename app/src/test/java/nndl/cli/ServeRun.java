package nndl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ./nndl serve run in this JVM as a person runs it: in a thread of its own, its first printed line read back. */
public final class ServeRun implements AutoCloseable {
    private static final Pattern ADDRESS = Pattern.compile(" at (http://\\S+/) ");

    /** What serve printed when it was ready (or after 30 s). */
    public final String printed;
    private final Thread serving;

    private ServeRun(String printed, Thread serving) {
        this.printed = printed;
        this.serving = serving;
    }

    /** Starts {@code nndl serve ARGS} and waits up to 30 s for its first line. */
    public static ServeRun start(String... args) throws InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "serve";
        System.arraycopy(args, 0, command, 1, args.length);
        StringWriter out = new StringWriter();
        picocli.CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        Thread serving = new Thread(() -> commandLine.execute(command), "serve-under-test");
        serving.start();
        long until = System.nanoTime() + 30_000_000_000L;
        while (!out.toString().contains("\n") && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return new ServeRun(out.toString(), serving);
    }

    /** The address serve printed. */
    public URI url() {
        Matcher m = ADDRESS.matcher(printed);
        if (!m.find()) {
            throw new AssertionError("serve printed no address: " + printed);
        }
        return URI.create(m.group(1));
    }

    /** Interrupts serve, as Ctrl-C does, and waits up to 10 s for it to stop. */
    @Override
    public void close() throws InterruptedException {
        serving.interrupt();
        serving.join(10_000);
    }

    public boolean running() {
        return serving.isAlive();
    }
}
