package nndl.search;

/** How a range's values are spread: evenly (lambda=0..10) or evenly in their logarithm (eta=0.01..10:log). */
public enum Scale {
    LINEAR, LOG;

    /** The point a fraction t ∈ [0, 1] of the way from low to high on this scale. */
    double at(double low, double high, double t) {
        return this == LOG ? low * Math.pow(high / low, t) : low + (high - low) * t;
    }
}
