package nndl.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import nndl.UserException;
import onnx.Onnx.TensorProto;

/**
 * Float tensors in ONNX's {@code TensorProto}: a layer's weights and biases. They are written
 * as {@code raw_data} (little-endian float32, as ONNX specifies); they are read from
 * {@code raw_data} or from {@code float_data}, whichever the exporter used, after checking that
 * the values present are as many as the dimensions say.
 */
final class Tensors {
    private Tensors() {
    }

    /** A float tensor read from a file: its dimensions and its values in row-major order. */
    record Floats(long[] dims, float[] values) {
        /** True when every dimension but the last is 1: a vector of {@code n} values, however it is shaped. */
        boolean isVectorOf(long n) {
            for (int i = 0; i < dims.length - 1; i++) {
                if (dims[i] != 1) {
                    return false;
                }
            }
            return values.length == n && (dims.length == 0 ? n == 1 : dims[dims.length - 1] == n);
        }
    }

    /** A named float tensor with the given dimensions, its values as raw little-endian bytes. */
    static TensorProto of(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /**
     * The values of a float tensor. {@code where} begins the one-line message if it cannot be
     * read (e.g. "cannot import m.onnx: node 2 (Gemm)"); the count is checked against the data
     * actually in the file before anything is allocated.
     */
    static Floats read(TensorProto t, String where) {
        String what = where + " has a tensor \"" + t.getName() + "\" that ";
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new UserException(what + "keeps its values in another file: save the model with its weights inside it");
        }
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new UserException(what + "is not float32 (ONNX data type " + t.getDataType()
                    + "): nndl's weights are float32; export the model in float32");
        }
        long[] dims = new long[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new UserException(what + "has a dimension of " + dims[i] + ": the file is damaged");
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE) {
                throw new UserException(what + "has more values than nndl can hold in a layer (2^31)");
            }
        }
        ByteString raw = t.getRawData();
        long present = t.hasRawData() ? raw.size() / (long) Float.BYTES : t.getFloatDataCount();
        if ((t.hasRawData() && raw.size() % Float.BYTES != 0) || present != count) {
            throw new UserException(what + "should hold " + count + " values but holds " + present + ": the file is damaged");
        }
        float[] values = new float[(int) count];
        if (t.hasRawData()) {
            FloatBuffer floats = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            floats.get(values);
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
        }
        return new Floats(dims, values);
    }
}
