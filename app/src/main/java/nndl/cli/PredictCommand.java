package nndl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nndl.UserException;
import nndl.image.DigitPreprocessor;
import nndl.image.ImageFiles;
import nndl.image.Prediction;
import nndl.onnx.Models;
import nndl.nn.Activation;
import nndl.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read the digit in your own images with a saved network.",
                "Each image (PNG, JPEG, GIF or BMP, any size, grey or colour, dark ink on light paper or light on dark)"
                        + " is prepared as the MNIST digits were: ink to 1 and paper to 0, cropped to the digit,"
                        + " scaled to fit 20x20 keeping its shape, and centred by its centre of mass in 28x28"
                        + " (pen strokes much thinner than MNIST's are widened first).",
                "Probabilities: a softmax output layer gives them directly; the ten outputs of a sigmoid layer"
                        + " are divided by their sum so that they add up to 1."})
final class PredictCommand implements Runnable {
    @Mixin
    ModelOption model;
    @Option(names = "--top", paramLabel = "K", description = "Show the K most likely digits (default 1; --json always gives all ten probabilities).")
    int top = 1;
    @Option(names = "--json", description = "Print one JSON array of {file, digit, probabilities} objects.")
    boolean json;
    @Option(names = "--save-prepared", paramLabel = "DIR",
            description = "Write the 28x28 images fed to the network to DIR (as PNG, white ink on black like MNIST).")
    Path savePrepared;
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files of handwritten digits.")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        UserException.require(top >= 1 && top <= 10, "--top must be between 1 and 10, got " + top);
        Path file = model.required("predict");
        Network network = Models.load(file);
        Prediction.requireDigitNetwork(network, "the model in " + file, "predict");
        // Prepare every image first, so that a bad one stops the command before anything is printed.
        List<float[]> prepared = new ArrayList<>();
        for (Path image : images) {
            prepared.add(DigitPreprocessor.prepare(image));
        }
        if (savePrepared != null) {
            savePrepared(prepared);
        }
        List<Prediction> predictions = prepared.stream().map(x -> Prediction.of(network, x)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(predictions));
        } else {
            if (network.outputActivation() != Activation.SOFTMAX) {
                out.println("(probabilities: the " + network.outputActivation().id()
                        + " outputs divided by their sum)");
            }
            for (int i = 0; i < images.size(); i++) {
                out.println(images.get(i) + ": " + describe(predictions.get(i)));
            }
        }
        out.flush();
    }

    /** "7 (93.1%)", or with --top 3 "7 (93.1%), 9 (4.0%), 1 (1.2%)". */
    private String describe(Prediction p) {
        StringBuilder s = new StringBuilder();
        for (int d : p.top(top)) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(String.format(Locale.ROOT, "%d (%.1f%%)", d, 100 * p.probability(d)));
        }
        return s.toString();
    }

    private String toJson(List<Prediction> predictions) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            ObjectNode o = array.addObject();
            o.put("file", images.get(i).toString());
            o.setAll((ObjectNode) mapper.valueToTree(p)); // digit, probabilities
        }
        try {
            return mapper.writeValueAsString(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DIR/name.png for each image (name without its extension; -2, -3... when two images share a name). */
    private void savePrepared(List<float[]> prepared) {
        UserException.require(!Files.exists(savePrepared) || Files.isDirectory(savePrepared),
                "--save-prepared " + savePrepared + " is a file: give a folder");
        Set<String> used = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            String name = images.get(i).getFileName().toString();
            int dot = name.lastIndexOf('.');
            String base = dot > 0 ? name.substring(0, dot) : name;
            String file = base + ".png";
            for (int n = 2; !used.add(file); n++) {
                file = base + "-" + n + ".png";
            }
            ImageFiles.writePng(DigitPreprocessor.toImage(prepared.get(i)), savePrepared.resolve(file));
        }
    }
}
