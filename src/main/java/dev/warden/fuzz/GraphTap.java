package dev.warden.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.warden.fuzz.onnx.GraphProto;
import dev.warden.fuzz.onnx.ModelProto;
import dev.warden.fuzz.onnx.NodeProto;
import dev.warden.fuzz.onnx.TypeProto;
import dev.warden.fuzz.onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an ONNX model so that chosen nodes' outputs become extra graph outputs (ONNX Runtime's Java API
 * cannot edit graphs). Only the graph's output list grows; initializers, attributes and everything else
 * pass through untouched as unknown fields of {@code onnx_subset.proto}. The served model file is never
 * changed: the rewritten bytes live in memory.
 */
final class GraphTap {
    /** Activation functions whose outputs are "neurons" by default (DeepXplore and DeepGauge use ReLU layers). */
    static final Set<String> ACTIVATION_OPS = Set.of("Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid",
            "HardSigmoid", "Tanh", "Softplus", "Softsign", "Gelu", "HardSwish", "Mish", "ThresholdedRelu");
    /** TensorProto.DataType FLOAT: activations of the ops above on float models. */
    private static final int FLOAT = 1;

    /** One tapped node: its name (as the user selects it) and the value it outputs. */
    record Tap(String node, String output) {
    }

    record Tapped(byte[] model, List<Tap> taps) {
    }

    private GraphTap() {
    }

    /** {@code nodes} empty: every activation node; else exactly those node names (an unknown name is an error). */
    static Tapped tap(byte[] onnx, List<String> nodes) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        GraphProto graph = model.getGraph();
        Map<String, NodeProto> byName = new LinkedHashMap<>();
        for (NodeProto n : graph.getNodeList()) byName.put(n.getName(), n);
        List<NodeProto> chosen = new ArrayList<>();
        if (nodes.isEmpty()) {
            for (NodeProto n : graph.getNodeList()) if (ACTIVATION_OPS.contains(n.getOpType())) chosen.add(n);
            if (chosen.isEmpty()) throw new IllegalArgumentException("the model has no activation nodes (" + ACTIVATION_OPS
                    + "): name the layers to cover");
        } else {
            for (String name : nodes) {
                NodeProto n = byName.get(name);
                if (n == null) throw new IllegalArgumentException("the model has no node '" + name + "' (it has " + byName.keySet() + ")");
                chosen.add(n);
            }
        }
        Set<String> outputs = new java.util.HashSet<>();
        for (ValueInfoProto o : graph.getOutputList()) outputs.add(o.getName());
        GraphProto.Builder g = graph.toBuilder();
        List<Tap> taps = new ArrayList<>();
        for (NodeProto n : chosen) {
            if (n.getOutputCount() == 0) throw new IllegalArgumentException("node '" + n.getName() + "' has no output");
            String value = n.getOutput(0);
            taps.add(new Tap(n.getName(), value));
            if (outputs.add(value)) g.addOutput(valueInfo(graph, value));
        }
        return new Tapped(model.toBuilder().setGraph(g).build().toByteArray(), taps);
    }

    /** The value's declared type when the graph has one; else float with the shape left to ONNX Runtime's inference. */
    private static ValueInfoProto valueInfo(GraphProto graph, String value) {
        for (ValueInfoProto v : graph.getValueInfoList()) if (v.getName().equals(value)) return v;
        return ValueInfoProto.newBuilder().setName(value)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT))).build();
    }
}
