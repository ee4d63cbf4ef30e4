package nndl.train;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson for this package's files (settings, checkpoints), started the first time one is read
 * or written: it loads about 400 classes, which a run that touches no such file need not wait for.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
