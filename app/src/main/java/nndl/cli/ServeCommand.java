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
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.nn.Network;
import nndl.model.ModelFile;
import nndl.onnx.Models;
import nndl.web.DigitServer;
import nndl.web.Lab;
import nndl.web.LabLimits;
import nndl.web.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the lab: a web page where you train a network and watch it learn, and draw digits for it to read.",
                "Without --model the page starts with an untrained network (it guesses) and says so; with --model it"
                        + " starts from that network. Its train panel trains in the server, one run at a time, within"
                        + " limits (docs/lab.md), and streams the curves, the hidden neurons' weights and the network"
                        + " itself to the page as it learns.",
                "The page shows the network's answer and its ten probabilities as you draw (mouse, pen or finger),"
                        + " and a strip of random MNIST test digits with its guesses, wrong ones marked."
                        + " Drawings are prepared as 'nndl predict' prepares an image file, the strokes drawn in proportion"
                        + " to the digit; a drawing unlike every digit the network learned from is said to be.",
                "JSON API: POST /api/predict with an image (Content-Type: image/png, image/jpeg, image/gif, image/bmp)"
                        + " or {\"pixels\": [784 grey levels, 0 = paper .. 255 = ink]} (application/json)"
                        + " -> {\"digit\", \"probabilities\", \"prepared\"}; GET /api/model; GET /api/samples?count=N.",
                "Stop it with Ctrl-C."})
final class ServeCommand implements Runnable {
    @Mixin
    ModelOption model;
    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8080; 0 picks a free one).")
    int port = 8080;
    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for every network,"
                    + " where anyone who reaches this machine can use the page: serve warns).")
    String host = "127.0.0.1";
    @Mixin
    DataOptions data;
    @Mixin
    Threads threads;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        UserException.require(port >= 0 && port <= 65535, "--port must be between 0 and 65535, got " + port);
        PrintWriter out = spec.commandLine().getOut();
        Path file = model.model;
        ModelFile.Saved saved = file != null ? Models.read(file) : null;
        Mnist mnist = allData(file);
        DigitServer server;
        String what;
        String after = "";
        if (mnist != null) {
            Network start = saved != null ? saved.network() : Lab.untrained();
            Lab lab = new Lab(mnist, start, saved != null ? file.getFileName().toString() : "untrained",
                    saved != null ? saved.info() : Map.of(), saved != null, LabLimits.DEFAULT, threads.count());
            server = DigitServer.start(lab, host, port, Limits.DEFAULT);
            what = saved != null ? "serving " + file + " " + Arrays.toString(start.sizes())
                    : "serving an untrained " + Arrays.toString(start.sizes()) + " network (no --model given: it guesses)";
            after = saved != null ? "" : "\nnndl: train it in the lab on the page, or give --model FILE (./nndl train --save"
                    + " model.json makes one)";
        } else {
            server = DigitServer.start(saved.network(), saved.info(), file.getFileName().toString(), testDigits(), host, port);
            what = "serving " + file + " " + Arrays.toString(saved.network().sizes()) + " without the lab";
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "nndl-serve-stop"));
        String warning = warning(server.address(), machineAddresses());
        if (warning != null) {
            spec.commandLine().getErr().println(warning);
            spec.commandLine().getErr().flush();
        }
        out.println("nndl: " + what + " at " + where(server.address()) + " (open it in a browser; Ctrl-C stops)" + after);
        out.flush();
        try {
            new CountDownLatch(1).await(); // until Ctrl-C
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }

    /**
     * MNIST, all of it, for the lab; without --data and without the training images, null (serve
     * goes on without the lab) when a model was given, else a UserException saying what is missing.
     */
    private Mnist allData(Path file) {
        try {
            return data.load();
        } catch (UserException e) {
            if (data.data != null || file == null) {
                throw file == null ? new UserException("serve without --model trains in the lab, which needs MNIST: "
                        + e.getMessage() + "; or " + ModelOption.HOW_TO_GET_ONE, e) : e;
            }
            spec.commandLine().getErr().println("nndl: no MNIST training data (" + e.getMessage() + "): the page has no lab."
                    + " Run ./nndl download or give --data DIR");
            return null;
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
