package nndl.nn;

/** How a network does on a data set: images right, images in all, and the average cost. */
public record Evaluation(int correct, int total, double cost) {
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** "9542 / 10000 (95.42%)". */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d / %d (%.2f%%)", correct, total, 100 * accuracy());
    }
}
