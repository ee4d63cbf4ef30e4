package nndl.cli;

import java.nio.file.Path;
import nndl.UserException;
import picocli.CommandLine.Option;

/** The --model option of the commands that use a trained network, and how to get one when none is given. */
final class ModelOption {
    /** How to make a network to give to --model: the first path through nndl. */
    static final String HOW_TO_GET_ONE = "give --model FILE; to make one, train it and keep it with"
            + " ./nndl train --save model.json (the book's chapter-1 network, about a minute)";

    @Option(names = "--model", paramLabel = "FILE", description = "A model file (nndl or network2.py JSON, or ONNX), as train --save writes it.")
    Path model;

    /** The model file given, or a UserException saying that {@code what} needs one and how to get it. */
    Path required(String what) {
        UserException.require(model != null, what + " needs a trained network: " + HOW_TO_GET_ONE);
        return model;
    }
}
