package nndl.train;

import java.util.Locale;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;

/** The held-out data a run is evaluated on after each epoch: the book's validation or test images. */
public enum Split {
    VALIDATION, TEST;

    /** "validation" or "test", as settings and the command line spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Dataset of(Mnist mnist) {
        return this == TEST ? mnist.test() : mnist.validation();
    }

    public static Split parse(String name) {
        for (Split s : values()) {
            if (s.id().equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new UserException("unknown evaluation data '" + name + "': use test or validation");
    }
}
