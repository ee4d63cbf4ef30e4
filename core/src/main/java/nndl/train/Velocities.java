package nndl.train;

import nndl.math.Matrix;
import nndl.nn.Layer;
import nndl.nn.Network;

/** The velocities of momentum-based gradient descent (book eq. 107), one per weight and bias, starting at 0. */
final class Velocities {
    private final Matrix[] weights;
    private final float[][] biases;

    Velocities(Network network) {
        int layers = network.layers().size();
        weights = new Matrix[layers];
        biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            Layer layer = network.layers().get(l);
            weights[l] = new Matrix(layer.inputs(), layer.neurons());
            biases[l] = new float[layer.neurons()];
        }
    }

    /** The velocities of layer l's weights, shaped as its weights. */
    Matrix weights(int l) {
        return weights[l];
    }

    float[] biases(int l) {
        return biases[l];
    }

    int layers() {
        return weights.length;
    }

    /** Overwrites these velocities with another's of the same network. */
    void copyFrom(Velocities other) {
        for (int l = 0; l < weights.length; l++) {
            weights[l].copyFrom(other.weights[l]);
            System.arraycopy(other.biases[l], 0, biases[l], 0, biases[l].length);
        }
    }
}
