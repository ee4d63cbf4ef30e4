package nndl.search;

import java.io.Serializable;

/**
 * A piece of work for an engine: train a trial's settings for {@code epochs} epochs. Successive
 * halving gives a trial one job per rung, each for more epochs; grid and random search give
 * each trial one job, for the full budget.
 */
public record TrialJob(Trial trial, int rung, int epochs) implements Serializable {
}
