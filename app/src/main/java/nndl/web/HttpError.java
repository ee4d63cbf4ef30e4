package nndl.web;

/** A request the server refuses with an HTTP status other than 400 (which {@link nndl.UserException} gives). */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }
}
