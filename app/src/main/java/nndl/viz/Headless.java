package nndl.viz;

/** Pictures are drawn off screen: AWT must never look for a display, even where one is set. */
final class Headless {
    private Headless() {
    }

    /** Call before any AWT class draws (the classes that draw call it from their static initializer). */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
