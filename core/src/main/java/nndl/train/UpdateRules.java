package nndl.train;

import nndl.math.Matrix;
import nndl.nn.Gradient;
import nndl.nn.Layer;

/**
 * The update rules of gradient descent, each beside the book's equation, for layer l given the
 * gradient of the cost summed over a mini-batch of m examples, g = Σ_x ∂C_x/∂w (BP3 and BP4,
 * from backpropagation). n is the size of the whole training set, η the learning rate.
 *
 * <p>Regularization adds its term to the cost, and so to the gradient: ∂C/∂w = (1/m) g + (λ/n) w
 * for L2 (eq. 87), + (λ₁/n) sgn(w) for L1 (eq. 96); the biases are not regularized. The gradient
 * is added into its target as the kernels sum it ({@link Gradient}), so each rule is written as
 * "target → decay·target + scale·g" and the passes around it.
 */
final class UpdateRules {
    private UpdateRules() {
    }

    /**
     * Stochastic gradient descent, eqs. 20–21: w → w − (η/m) Σ_x ∂C_x/∂w, b → b − (η/m) Σ_x ∂C_x/∂b;
     * with L2 regularization, eq. 93: w → (1 − ηλ/n) w − (η/m) Σ_x ∂C_x/∂w (λ = 0 gives eq. 20).
     */
    static void descend(Layer layer, Gradient g, int l, float eta, int m, float lambda, int n) {
        g.addToWeights(l, -eta / m, 1f - eta * lambda / n, layer.weights);
        g.addToBiases(l, -eta / m, 1f, layer.biases);
    }

    /**
     * L1 regularization's part of eq. 100, w → w − (ηλ₁/n) sgn(w), taken before the step of
     * {@link #descend} or {@link #momentum}, which subtracts (η/m) Σ_x ∂C_x/∂w.
     */
    static void shrink(Matrix weights, float eta, float l1, int n) {
        float c = eta * l1 / n;
        float[] w = weights.data;
        for (int i = 0; i < w.length; i++) {
            w[i] -= c * Math.signum(w[i]);
        }
    }

    /**
     * Momentum-based gradient descent, eqs. 107–108: v → μv − η∇C, then w → w + v, where
     * ∇C = (1/m) Σ_x ∂C_x/∂w + (λ/n) w with L2 regularization; the same for the biases without λ.
     */
    static void momentum(Layer layer, Velocities velocities, Gradient g, int l, float mu, float eta, int m,
                         float lambda, int n) {
        float[] w = layer.weights.data;
        float[] v = velocities.weights(l).data;
        g.addToWeights(l, -eta / m, mu, velocities.weights(l));   // v → μv − (η/m) Σ_x ∂C_x/∂w
        float decay = -eta * lambda / n;
        for (int i = 0; i < w.length; i++) {
            if (decay != 0f) {
                v[i] += decay * w[i];                               //      − (ηλ/n) w
            }
            w[i] += v[i];                                           // w → w + v
        }
        float[] b = layer.biases;
        float[] vb = velocities.biases(l);
        g.addToBiases(l, -eta / m, mu, vb);                         // v_b → μv_b − (η/m) Σ_x ∂C_x/∂b
        for (int j = 0; j < b.length; j++) {
            b[j] += vb[j];                                          // b → b + v_b
        }
    }
}
