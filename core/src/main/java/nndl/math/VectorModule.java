package nndl.math;

/** Whether this JVM runs with the JDK's vector module, without which {@link VectorKernels} cannot be loaded. */
final class VectorModule {
    static final String NAME = "jdk.incubator.vector";
    static final boolean LOADED = ModuleLayer.boot().findModule(NAME).isPresent();

    private VectorModule() {
    }
}
