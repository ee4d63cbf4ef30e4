package nndl.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.model.ModelFile;
import nndl.onnx.Models;
import nndl.web.DigitServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
            description = "Address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for every network).")
    String host = "127.0.0.1";
    @Mixin
    DataOptions data;

    @Override
    public void run() {
        UserException.require(port >= 0 && port <= 65535, "--port must be between 0 and 65535, got " + port);
        ModelFile.Saved saved = Models.read(model);
        Dataset test = testDigits();
        DigitServer server = DigitServer.start(saved.network(), saved.info(), model.getFileName().toString(), test, host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "nndl-serve-stop"));
        System.out.println("nndl: serving " + model + " " + Arrays.toString(saved.network().sizes()) + " at " + server.url()
                + " (open it in a browser; Ctrl-C stops)");
        System.out.flush();
        try {
            new CountDownLatch(1).await(); // until Ctrl-C
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }

    /** MNIST's test digits, for the strip of samples; without --data, the page does without them if there are none. */
    private Dataset testDigits() {
        try {
            return data.test();
        } catch (UserException e) {
            if (data.data != null) {
                throw e;
            }
            System.err.println("nndl: no MNIST test digits (" + e.getMessage() + "); the page shows none."
                    + " Run ./nndl download or give --data DIR");
            return null;
        }
    }
}
