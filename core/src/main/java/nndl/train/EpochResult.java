package nndl.train;

import nndl.nn.Evaluation;

/**
 * What one epoch of training gave: its number (from 0), the seconds spent training (without
 * evaluation), the learning rate used (by its last mini-batch, where a listener changed it within
 * the epoch), and the evaluation on the evaluation data and, when
 * monitored, on the training data (null where not measured). Costs include the
 * regularization term, as network2.py's total_cost does.
 */
public record EpochResult(int epoch, double trainSeconds, double eta, Evaluation evaluation, Evaluation training) {
}
