package nndl.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.model.ModelFile;
import nndl.onnx.Models;
import nndl.web.DigitServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a web page where you draw a digit and watch a saved network read it.",
                "The page shows the network's answer and its ten probabilities as you draw (mouse, pen or finger),"
                        + " and a strip of random MNIST test digits with its guesses, wrong ones marked."
                        + " Drawings are prepared exactly as 'nndl predict' prepares an image file.",
                "JSON API: POST /api/predict with an image (Content-Type: image/png, image/jpeg, image/gif, image/bmp)"
                        + " or {\"pixels\": [784 grey levels, 0 = paper .. 255 = ink]} (application/json)"
                        + " -> {\"digit\", \"probabilities\", \"prepared\"}; GET /api/model; GET /api/samples?count=N.",
                "Stop it with Ctrl-C."})
final class ServeCommand implements Runnable {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (nndl or network2.py JSON, or ONNX).")
    Path model;
    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8080; 0 picks a free one).")
    int port = 8080;
    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for every network,"
                    + " where anyone who reaches this machine can use the page: serve warns).")
    String host = "127.0.0.1";
    @Mixin
    DataOptions data;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        UserException.require(port >= 0 && port <= 65535, "--port must be between 0 and 65535, got " + port);
        ModelFile.Saved saved = Models.read(model);
        Dataset test = testDigits();
        DigitServer server = DigitServer.start(saved.network(), saved.info(), model.getFileName().toString(), test, host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "nndl-serve-stop"));
        PrintWriter out = spec.commandLine().getOut();
        String warning = warning(server.address(), machineAddresses());
        if (warning != null) {
            spec.commandLine().getErr().println(warning);
            spec.commandLine().getErr().flush();
        }
        out.println("nndl: serving " + model + " " + Arrays.toString(saved.network().sizes()) + " at " + where(server.address())
                + " (open it in a browser; Ctrl-C stops)");
        out.flush();
        try {
            new CountDownLatch(1).await(); // until Ctrl-C
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }

    /** Where the page is, for the banner: its address, and for a server on every interface, which that is. */
    static String where(InetSocketAddress bound) {
        URI here = DigitServer.url(bound);
        return bound.getAddress().isAnyLocalAddress()
                ? here + " on this machine, and on every network interface (" + hostPort(bound) + ")"
                : here.toString();
    }

    /**
     * The warning for a server that others can reach (one listening beyond the loopback address), or
     * null: the page and its API have no password, and anyone who reaches the port can use them.
     *
     * @param own this machine's other addresses, named for a server on every interface
     */
    static String warning(InetSocketAddress bound, List<InetAddress> own) {
        InetAddress a = bound.getAddress();
        if (a.isLoopbackAddress()) {
            return null;
        }
        String who = a.isAnyLocalAddress()
                ? "anyone who can reach this machine" + (own.isEmpty() ? "" : " (at " + own.stream().limit(4)
                        .map(InetAddress::getHostAddress).collect(Collectors.joining(", ")) + (own.size() > 4 ? ", ..." : "") + ")")
                : "anyone who can reach " + a.getHostAddress();
        return "nndl: warning: listening on " + hostPort(bound) + (a.isAnyLocalAddress() ? " (every network interface)" : "")
                + ", so " + who + " can use the page and its API, with no password; --host 127.0.0.1 keeps it to this machine";
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** This machine's addresses other than loopback ones, on interfaces that are up (none if they cannot be listed). */
    private static List<InetAddress> machineAddresses() {
        List<InetAddress> all = new ArrayList<>();
        try {
            for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (i.isUp() && !i.isLoopback()) {
                    for (InetAddress a : Collections.list(i.getInetAddresses())) {
                        if (!a.isLinkLocalAddress()) {
                            all.add(a);
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // the warning names no address then
        }
        return all;
    }

    /** MNIST's test digits, for the strip of samples; without --data, the page does without them if there are none. */
    private Dataset testDigits() {
        try {
            return data.test();
        } catch (UserException e) {
            if (data.data != null) {
                throw e;
            }
            spec.commandLine().getErr().println("nndl: no MNIST test digits (" + e.getMessage() + "); the page shows none."
                    + " Run ./nndl download or give --data DIR");
            return null;
        }
    }
}
