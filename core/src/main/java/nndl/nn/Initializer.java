package nndl.nn;

import java.util.Locale;
import java.util.Random;
import nndl.UserException;

/** How weights and biases start (book, chapter 3, "Weight initialization"). */
public enum Initializer {
    /** Weights from N(0, 1/n_in), biases from N(0, 1): network2.py's default_weight_initializer. */
    DEFAULT,
    /** Weights and biases from N(0, 1): network2.py's large_weight_initializer (chapter 1's choice). */
    LARGE;

    public void initialize(Network network, Random random) {
        for (Layer layer : network.layers()) {
            // Biases first, then weights, layer by layer.
            for (int j = 0; j < layer.neurons(); j++) {
                layer.biases[j] = (float) random.nextGaussian();
            }
            double scale = this == DEFAULT ? 1.0 / Math.sqrt(layer.inputs()) : 1.0;
            for (int j = 0; j < layer.neurons(); j++) {
                for (int k = 0; k < layer.inputs(); k++) {
                    layer.setWeight(j, k, (float) (random.nextGaussian() * scale));
                }
            }
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Initializer parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "default" -> DEFAULT;
            case "large" -> LARGE;
            default -> throw new UserException("unknown initializer '" + name + "': use default or large");
        };
    }
}
