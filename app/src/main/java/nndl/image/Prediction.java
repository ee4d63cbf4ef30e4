package nndl.image;

import java.util.Arrays;
import java.util.stream.IntStream;
import nndl.UserException;
import nndl.data.Mnist;
import nndl.nn.Activation;
import nndl.nn.Network;

/**
 * What a network makes of one image: the digit it recognises (its most active output neuron)
 * and how sure it is of each digit. Softmax outputs are probabilities already (chapter 3); the
 * ten sigmoid outputs of the book's other networks each say "how much this looks like digit j"
 * independently and need not add up to 1, so they are divided by their sum. (Outputs that can
 * be negative, tanh's, are first shifted by 1.)
 *
 * @param digit         the recognised digit, 0-9
 * @param probabilities how likely each digit is, summing to 1
 */
public record Prediction(int digit, float[] probabilities) {

    /**
     * Checks that a network reads MNIST digits (784 inputs, 10 outputs): else a UserException
     * saying that {@code what} (e.g. "the model in m.json") does not fit {@code command}.
     */
    public static void requireDigitNetwork(Network network, String what, String command) {
        UserException.require(network.inputs() == Mnist.PIXELS && network.outputs() == 10,
                what + " has sizes " + Arrays.toString(network.sizes()) + ": " + command
                        + " needs a network with 784 inputs and 10 outputs");
    }

    /** Feeds a prepared image (784 floats, as {@link DigitPreprocessor} gives) to the network. */
    public static Prediction of(Network network, float[] input) {
        return of(network.outputActivation(), network.feedforward(input));
    }

    /** Turns a network's outputs into a prediction. */
    public static Prediction of(Activation output, float[] outputs) {
        float[] p = new float[outputs.length];
        if (output == Activation.SOFTMAX) {
            System.arraycopy(outputs, 0, p, 0, p.length);
        } else {
            float low = output == Activation.TANH ? -1f : 0f;
            double sum = 0;
            for (int j = 0; j < p.length; j++) {
                p[j] = Math.max(0f, outputs[j] - low);
                sum += p[j];
            }
            for (int j = 0; j < p.length; j++) {
                p[j] = sum > 0 ? (float) (p[j] / sum) : 1f / p.length;
            }
        }
        return new Prediction(Network.argmax(outputs), p);
    }

    public float probability(int digit) {
        return probabilities[digit];
    }

    /** The k most likely digits, most likely first. */
    public int[] top(int k) {
        return IntStream.range(0, probabilities.length).boxed()
                .sorted((a, b) -> a == digit ? -1 : b == digit ? 1 : Float.compare(probabilities[b], probabilities[a]))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && p.digit == digit && Arrays.equals(p.probabilities, probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * digit + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "Prediction[digit=" + digit + ", probabilities=" + Arrays.toString(probabilities) + "]";
    }
}
