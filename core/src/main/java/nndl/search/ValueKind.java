package nndl.search;

/** What a train option's values are, as far as a search needs to know: ranges give numbers, rounded for integers. */
public enum ValueKind {
    /** Whole numbers: epochs, the mini-batch size, hidden neurons, a schedule's patience. */
    INTEGER,
    /** Real numbers: eta, lambda, momentum, dropout. */
    NUMBER,
    /** Names: a cost, an activation, an expansion. A range makes no sense for these. */
    WORD
}
