package nndl.search;

/**
 * The train options a search may vary, and a check of each value against the settings the
 * search starts from (so that {@code cost=cubic} is refused before any trial runs).
 */
public interface SearchableOptions {
    /** The kind of values option {@code name} takes; a UserException naming the known options if there is none. */
    ValueKind kind(String name);

    /** Throws a UserException (one line, for a person) if {@code value} is not a valid value of option {@code name}. */
    void check(String name, String value);
}
