package nndl.onnx;

import java.util.function.Consumer;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;

/** Changes to a model's graph, for tests that need a model nndl would not write. */
final class Graphs {
    private Graphs() {
    }

    /** The model with its graph changed by {@code change}. */
    static ModelProto edit(ModelProto model, Consumer<GraphProto.Builder> change) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        change.accept(graph);
        return model.toBuilder().setGraph(graph).build();
    }
}
