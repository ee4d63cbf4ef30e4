package nndl.train;

import nndl.nn.Evaluation;

/**
 * What one epoch of training gave: its number (from 0), the seconds spent training (without
 * evaluation), the learning rate used (by its last mini-batch, where a listener changed it within
 * the epoch), and the evaluations (null where not measured): on the
 * evaluation data (reported), on the validation data (which steers; the same evaluation when the
 * two are the same data), and, when monitored, on the training data. Costs include the
 * regularization term with λ divided by the training-set size, as the book's eq. 85 writes it
 * (see {@link Sgd}).
 */
public record EpochResult(int epoch, double trainSeconds, double eta, Evaluation evaluation, Evaluation validation,
                          Evaluation training) {
}
