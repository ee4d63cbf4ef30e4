package nndl;

/**
 * A problem with what a person asked for: a missing or corrupt file, an impossible
 * hyperparameter, shapes that do not fit. Its message is one line, meant for a person: it
 * names the problem and what to do. The command line prints it and exits with status 2;
 * every other exception is a bug.
 */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws a UserException with {@code message} unless {@code condition} holds. */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new UserException(message);
        }
    }
}
