package nndl.nn;

import nndl.math.Matrix;

/**
 * The gradient of the cost summed over the mini-batch in a workspace, the book's Σ_x ∂C_x/∂w and
 * Σ_x ∂C_x/∂b, once {@link Network#backpropagate} has found the error δ^l of every layer:
 * <ul>
 * <li>BP3: Σ_x ∂C_x/∂b^l_j = Σ_x δ^l_j, the column sums of δ^l;</li>
 * <li>BP4: Σ_x ∂C_x/∂w^l_jk = Σ_x a^{l−1}_k δ^l_j, that is Aᵀ·δ^l, with A the layer's input (one
 *     example per row).</li>
 * </ul>
 * An update rule adds it, scaled, into what it updates (the weights, or momentum's velocities):
 * target → decay·target + scale·Σ_x ∂C_x/∂w, in the one kernel call that sums it. This is the
 * one fused kernel call of training, kept because a benchmark shows it matters: writing the
 * gradient out and updating the weights from it in a second pass costs an extra pass over every
 * weight for every mini-batch, which at the book's mini-batches of 10 is as much work as the
 * sparse sum itself for the first layer (docs/training.md).
 * {@link #weights(int)} and {@link #biases(int)} write it out, for checking backpropagation.
 */
public final class Gradient {
    private final Workspace w;

    Gradient(Workspace w) {
        this.w = w;
    }

    /** target → decay·target + scale·Σ_x ∂C_x/∂w for the weights of layer l (shaped as {@link Layer#weights}). */
    public void addToWeights(int l, float scale, float decay, Matrix target) {
        // BP4: Aᵀ·δ^l
        if (l == 0) {
            w.kernels.transposeMultiply(scale, w.x, w.delta[l], decay, target); // the images, their background skipped
        } else {
            w.kernels.transposeMultiply(scale, w.out[l - 1], w.delta[l], decay, target);
        }
    }

    /** target → decay·target + scale·Σ_x ∂C_x/∂b for the biases of layer l. */
    public void addToBiases(int l, float scale, float decay, float[] target) {
        w.kernels.sumRows(scale, w.delta[l], decay, target); // BP3: the column sums of δ^l
    }

    /** Σ_x ∂C_x/∂w for layer l, written out. */
    public Matrix weights(int l) {
        Matrix g = new Matrix(l == 0 ? w.x.cols : w.out[l - 1].cols, w.delta[l].cols);
        addToWeights(l, 1f, 0f, g);
        return g;
    }

    /** Σ_x ∂C_x/∂b for layer l, written out. */
    public float[] biases(int l) {
        float[] g = new float[w.delta[l].cols];
        addToBiases(l, 1f, 0f, g);
        return g;
    }
}
