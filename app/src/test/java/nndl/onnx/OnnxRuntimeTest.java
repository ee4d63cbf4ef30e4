package nndl.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.math.Matrix;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.nn.Workspace;
import nndl.train.Sgd;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime, Microsoft's engine, runs what {@code nndl export} writes: its outputs are nndl's
 * within 1e-5 on 1,000 test images, and it gets the same number of the 10,000 test images right,
 * for every activation nndl has.
 */
class OnnxRuntimeTest {
    static final int COMPARED = 1000;

    @TempDir
    static Path dir;

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("ch1", new int[] {784, 30, 10}, Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC, 3.0),
                Arguments.of("tanh-softmax", new int[] {784, 40, 20, 10}, Activation.TANH, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 0.1),
                Arguments.of("relu-sigmoid", new int[] {784, 50, 10}, Activation.RELU, Activation.SIGMOID, Cost.CROSS_ENTROPY, 0.1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void onnxRuntimeGivesNndlsOutputsAndCount(String name, int[] sizes, Activation hidden, Activation output, Cost cost, double eta)
            throws OrtException {
        Network network = new Network(sizes, hidden, output, cost).initialize(Initializer.DEFAULT, new Random(3));
        new Sgd(1, 10, eta).seed(3).threads(1).train(network, TestMnist.mnist().training().first(5000), null, null);
        Path file = dir.resolve(name + ".onnx");
        OnnxExport.save(network, Map.of(), "test", file);
        Dataset test = TestMnist.mnist().test();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (Kernels kernels = Kernels.create(1);
             OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            TensorInfo in = (TensorInfo) session.getInputInfo().get(OnnxExport.INPUT).getInfo();
            assertArrayEquals(new long[] {-1, 784}, in.getShape(), "the batch dimension is left open");

            Workspace ws = new Workspace(network, COMPARED, kernels);
            Matrix first = images(test, 0);
            ws.x.copyFrom(first);
            network.feedforward(ws);
            float[][] ort = run(env, session, first);
            Matrix ours = ws.output();
            double largest = 0;
            for (int i = 0; i < COMPARED; i++) {
                for (int j = 0; j < 10; j++) {
                    largest = Math.max(largest, Math.abs(ort[i][j] - ours.get(i, j)));
                }
            }
            assertTrue(largest <= 1e-5, name + ": ONNX Runtime's outputs differ from nndl's by up to " + largest);

            int ortCorrect = 0;
            for (int start = 0; start < test.size(); start += COMPARED) {
                Matrix x = images(test, start);
                float[][] out = run(env, session, x);
                for (int i = 0; i < COMPARED; i++) {
                    ortCorrect += Network.argmax(out[i]) == test.label(start + i) ? 1 : 0;
                }
            }
            int nndlCorrect = network.evaluate(test, kernels).correct();
            assertEquals(nndlCorrect, ortCorrect, name + ": test images right");
            assertTrue(nndlCorrect > 8000, name + " learned something: " + nndlCorrect);
        }
    }

    /** COMPARED images from start, one per row, as the network's inputs. */
    private static Matrix images(Dataset data, int start) {
        Matrix x = new Matrix(COMPARED, data.pixelsPerImage());
        for (int i = 0; i < COMPARED; i++) {
            System.arraycopy(data.image(start + i), 0, x.data, i * x.cols, x.cols);
        }
        return x;
    }

    /** ONNX Runtime's outputs for the examples in the rows of x. */
    private static float[][] run(OrtEnvironment env, OrtSession session, Matrix x) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data), new long[] {x.rows, x.cols});
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            return (float[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
        }
    }
}
