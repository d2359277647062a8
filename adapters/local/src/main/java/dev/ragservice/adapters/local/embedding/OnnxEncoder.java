package dev.ragservice.adapters.local.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragservice.ports.DependencyException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a BERT-style sentence encoder on batches of token ids: pads them to the longest, then mean-pools the
 * last hidden state over the real tokens and L2-normalises. The arithmetic (float sums in token order, then
 * one division) is LangChain4j's, so an unpadded result is bit for bit what LangChain4j computes.
 */
final class OnnxEncoder implements AutoCloseable {

    private static final String DEPENDENCY = "onnxruntime";

    private final OrtEnvironment environment;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final boolean takesTokenTypes;

    OnnxEncoder(byte[] model, int threads) {
        this.environment = OrtEnvironment.getEnvironment();
        this.options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(threads);
            // ONNX Runtime's intra-op threads otherwise spin for a while after each call, waiting for the next:
            // on a machine whose cores other processes also want, that spinning took the cores the next call (and
            // the rest of the service) needed. Measured on the shared 2-core machine: questions embedded about
            // twice as fast without it, ingest no slower (docs/benchmarks.md, issue 13).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            this.session = environment.createSession(model, options);
            this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException("cannot load the ONNX embedding model: " + e.getMessage(), e);
        }
    }

    /** One unit vector per sequence, in the order given. Sequences hold [CLS] ... [SEP] token ids. */
    float[][] embed(List<long[]> sequences) {
        int batch = sequences.size();
        int length = sequences.stream().mapToInt(ids -> ids.length).max().orElse(0);
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int row = 0; row < batch; row++) {
            long[] sequence = sequences.get(row);
            System.arraycopy(sequence, 0, ids, row * length, sequence.length);
            Arrays.fill(mask, row * length, row * length + sequence.length, 1L);
        }
        long[] shape = {batch, length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typeTensor =
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[batch * length]), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (takesTokenTypes) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] hiddenShape = hidden.getInfo().getShape();
                int width = (int) hiddenShape[2];
                FloatBuffer states = hidden.getFloatBuffer();
                float[][] vectors = new float[batch][];
                for (int row = 0; row < batch; row++) {
                    vectors[row] = normalize(meanPool(states, row, length, sequences.get(row).length, width));
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new DependencyException(
                    DEPENDENCY, DependencyException.Kind.UNAVAILABLE, "embedding failed: " + e.getMessage(), e);
        }
    }

    /** The mean of the first {@code tokens} hidden states of a row: padding positions are left out. */
    private static float[] meanPool(FloatBuffer states, int row, int length, int tokens, int width) {
        float[] sum = new float[width];
        for (int token = 0; token < tokens; token++) {
            int offset = (row * length + token) * width;
            for (int i = 0; i < width; i++) {
                sum[i] += states.get(offset + i);
            }
        }
        for (int i = 0; i < width; i++) {
            sum[i] /= tokens;
        }
        return sum;
    }

    private static float[] normalize(float[] vector) {
        float squares = 0f;
        for (float value : vector) {
            squares += value * value;
        }
        float norm = (float) Math.sqrt(squares);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] / norm;
        }
        return unit;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session", e);
        } finally {
            options.close();
        }
    }
}
