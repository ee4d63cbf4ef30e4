package nndl.image.jpeg;

/**
 * Thrown inside the decoder for a JPEG it does not read (a kind it does not handle, or damaged
 * data); {@link JpegLuma#decode} turns it into null, and the caller decodes the file in full.
 * One shared instance, without a stack trace: it is control flow, not a report.
 */
final class NotHandled extends Exception {
    private static final NotHandled INSTANCE = new NotHandled();

    private NotHandled() {
        super(null, null, false, false);
    }

    /** Throws unless the condition holds. */
    static void require(boolean condition) throws NotHandled {
        if (!condition) {
            throw INSTANCE;
        }
    }

    /** The exception to throw. */
    static NotHandled instance() {
        return INSTANCE;
    }
}
