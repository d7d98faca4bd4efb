package dev.gradc.runtime.tape;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reverse-mode accumulation over a recorded graph: an explicit topological order (no recursion, so a
 * chain of a million ops does not overflow the stack), then each node's rule in reverse order. Adjoints
 * reaching a node along several paths add up; adjoints reaching a leaf add into its gradient.
 */
final class Backprop {

    private static final AtomicLong PASSES = new AtomicLong();

    private Backprop() {
    }

    static void run(Tensor root, double[] seed, boolean retainGraph) {
        if (!root.needsGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require gradients: no input"
                    + " on its path was made with requiresGrad(), or it was computed under Tape.noGrad()");
        }
        if (root.node == null) {
            root.accumulateGrad(seed);
            return;
        }
        List<Node> order = topologicalOrder(root.node);
        root.node.bar = seed.clone();
        for (int k = order.size() - 1; k >= 0; k--) {
            Node node = order.get(k);
            double[] bar = node.bar;
            node.bar = null;
            if (bar != null) {
                propagate(node, bar);
            }
            if (!retainGraph) {
                node.free();
            }
        }
    }

    /** Nodes reachable from {@code root}, every node after all of its inputs' nodes. */
    private static List<Node> topologicalOrder(Node root) {
        long pass = PASSES.incrementAndGet();
        List<Node> order = new ArrayList<>();
        List<Node> path = new ArrayList<>();
        enter(root, pass, path);
        while (!path.isEmpty()) {
            Node node = path.get(path.size() - 1);
            if (node.cursor < node.inputs.length) {
                Node next = node.inputs[node.cursor++].node;
                if (next != null && next.mark != pass) {
                    enter(next, pass, path);
                }
            } else {
                path.remove(path.size() - 1);
                order.add(node);
            }
        }
        return order;
    }

    private static void enter(Node node, long pass, List<Node> path) {
        if (node.isFreed()) {
            throw new IllegalStateException("backward through a graph that an earlier backward already freed"
                    + " (at op '" + node.op + "'); pass retainGraph = true to the first backward, as in"
                    + " backward(true) or backward(seed, true), to run it again");
        }
        node.mark = pass;
        node.cursor = 0;
        path.add(node);
    }

    private static void propagate(Node node, double[] bar) {
        if (node.placed != null) {
            addPlaced(node.inputs[0], node.placed, bar);
            return;
        }
        if (node.written != null) {
            Writes.propagate(node, bar);
            return;
        }
        double[][] inputBars = node.backward.apply(bar);
        for (int i = 0; i < node.inputs.length; i++) {
            Tensor input = node.inputs[i];
            double[] g = inputBars[i];
            if (g != null && input.needsGrad()) {
                route(input, g, node.shape, false);
            }
        }
    }

    /**
     * Adds adjoint {@code g} (of an output of shape {@code from}) into {@code input}'s: its gradient for a leaf,
     * its node's adjoint otherwise. {@code owned} when g is this pass's own array, used nowhere else: it then
     * becomes the node's adjoint without a copy.
     */
    static void route(Tensor input, double[] g, int[] from, boolean owned) {
        double[] r = Broadcast.reduce(g, from, input.shape);
        if (input.node == null) {
            input.accumulateGrad(r);
        } else if (input.node.bar == null) {
            input.node.bar = owned && r == g ? g : r.clone();
        } else {
            add(input.node.bar, r);
        }
    }

    /** {@code inputBar[block] += bar}: an element, row, column or block read's adjoint, in place. */
    private static void addPlaced(Tensor input, Block block, double[] bar) {
        if (!input.needsGrad()) {
            return;
        }
        double[] into;
        if (input.node == null) {
            into = input.gradBuffer();
        } else {
            if (input.node.bar == null) {
                input.node.bar = new double[input.data.length];
            }
            into = input.node.bar;
        }
        block.add(bar, into);
    }

    static void add(double[] into, double[] g) {
        for (int j = 0; j < into.length; j++) {
            into[j] += g[j];
        }
    }
}
