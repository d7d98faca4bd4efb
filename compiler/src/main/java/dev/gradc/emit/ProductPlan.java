package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.Outer;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The part of a graph's {@link Plan} that says what each matrix product writes in its own loop, decided on the IR
 * after the {@link StoragePlan}: the elementwise ops a product in rows form writes row by row as its epilogue, and
 * the update of a carried matrix held as rows that a product {@code Aᵀ v} writes while it walks A's rows.
 * {@link MatmulCode} writes what this says.
 */
final class ProductPlan {

    /**
     * The elementwise ops written row by row inside a matrix product's loop ({@link MatmulCode}): {@code chain}
     * from the product's only user on (the last one stores its array, the others have none), and {@code side}
     * ops read only there whose inputs are computed already (such as the {@code 1 - h * h} of tanh's adjoint).
     */
    record Epilogue(List<Integer> chain, List<Integer> side) {
    }

    private final GraphInfo info;
    private final Graph g;
    private final Plan.NodePlan[] nodes;
    private final boolean[] pinned;
    private final StoragePlan storage;
    private final Epilogue[] epilogues;
    private final int[] fusedUpdates;
    /** Nodes read in place as a view of another array ({@link Plan#isView}). */
    private final boolean[] views;
    /** Nodes an epilogue writes (all of a chain but its last, and its side ops): they get no array. */
    private final boolean[] taken;

    ProductPlan(GraphInfo info, Plan.NodePlan[] nodes, boolean[] pinned, StoragePlan storage, boolean[] views) {
        this.info = info;
        this.views = views;
        this.g = info.graph;
        this.nodes = nodes;
        this.pinned = pinned;
        this.storage = storage;
        int size = g.size();
        epilogues = new Epilogue[size];
        fusedUpdates = new int[size];
        taken = new boolean[size];
        Arrays.fill(fusedUpdates, -1);
        for (Node n : g.nodes()) {
            if (info.emits(n.id()) && info.rep(n.id()) == n.id() && n.op() instanceof Matmul) {
                ProductForms.Form form = ProductForms.of(info, n, storage.hoisted(info.rep(n.input(0))));
                if (form == ProductForms.Form.ROWS && JavaTypes.shape(g.type(n.input(0))).rank() == 2) {
                    epilogues[n.id()] = epilogue(n);
                } else if (form == ProductForms.Form.TRANSPOSED_ROWS) {
                    fusedUpdates[n.id()] = fusedUpdate(n);
                }
            }
        }
    }

    /** The epilogue of matrix product id, or null when it stores its own array. */
    Epilogue epilogue(int id) {
        return epilogues[id];
    }

    /** The carried matrix whose held update product id ({@code Aᵀ v}) writes in its own loop, or -1. */
    int fusedUpdate(int id) {
        return fusedUpdates[id];
    }

    /**
     * The epilogue of a product in rows form: the chain of only users from the product on, each of the product's
     * shape, ending at the op that would store its array (not in place, not held, not fused into a reduction),
     * with every other input computed before the product or fused into the epilogue; null when there is none.
     */
    private Epilogue epilogue(Node product) {
        List<Integer> chain = chain(product);
        if (chain == null || chain.isEmpty()) {
            return null;
        }
        StoragePlan.Storage last = storage.storage(chain.get(chain.size() - 1));
        if (last instanceof StoragePlan.Storage.InPlace || last instanceof StoragePlan.Storage.HeldRows) {
            return null;
        }
        List<Integer> side = side(product, chain);
        if (side == null) {
            return null;
        }
        for (int k = 0; k < chain.size() - 1; k++) {
            taken[chain.get(k)] = true;
        }
        for (int id : side) {
            taken[id] = true;
        }
        return new Epilogue(List.copyOf(chain), List.copyOf(side));
    }

    /**
     * The only users from the product on that are elementwise over reals of its shape, at most
     * {@link Plan#MAX_FUSED}; null when the chain ends in a reduction (which fuses the product itself).
     */
    private List<Integer> chain(Node product) {
        Shape shape = JavaTypes.shape(product.type());
        List<Integer> chain = new ArrayList<>();
        int cur = product.id();
        while (true) {
            int u = info.soleUser(cur);
            if (u < 0 || pinned[cur] || chain.size() == Plan.MAX_FUSED) {
                return chain;
            }
            Node user = g.node(u);
            if (user.op() instanceof ReduceSum || user.op() instanceof ReduceMax) {
                return null;
            }
            if (!ElementCode.isElementwise(user) || !(user.type() instanceof Type.Real)
                    || !JavaTypes.shape(user.type()).equals(shape)) {
                return chain;
            }
            chain.add(u);
            cur = u;
        }
    }

    /** The side ops the chain's other inputs need fused into the epilogue; null when one cannot be read there. */
    private List<Integer> side(Node product, List<Integer> chain) {
        Set<Integer> inChain = new HashSet<>(chain);
        inChain.add(product.id());
        List<Integer> side = new ArrayList<>();
        for (int c : chain) {
            for (int in : g.node(c).inputs()) {
                int r = info.rep(in);
                if (!inChain.contains(r) && !ready(r, product.id(), side, 0)) {
                    return null;
                }
            }
        }
        return side;
    }

    /**
     * Whether node id can be read inside the epilogue of product {@code before}: computed before it (a literal, or
     * an earlier node with a value of its own), or an elementwise op used only there whose inputs can, which is
     * then fused into it (added to {@code side}).
     */
    private boolean ready(int id, int before, List<Integer> side, int depth) {
        if (GraphInfo.isLiteral(g.node(id))) {
            return true;
        }
        if (id < before) {
            return hasValue(id);
        }
        Node n = g.node(id);
        if (depth >= Plan.MAX_FUSED || taken[id] || pinned[id] || info.soleUser(id) < 0 || !ElementCode.isElementwise(n)) {
            return false;
        }
        for (int in : n.inputs()) {
            if (!ready(info.rep(in), before, side, depth + 1)) {
                return false;
            }
        }
        side.add(id);
        return true;
    }

    /** Whether node id, written before the node being planned, has a value of its own (is not fused into another). */
    private boolean hasValue(int id) {
        return !(nodes[id] instanceof Plan.NodePlan.Fused) && !taken[id];
    }

    /**
     * For {@code Aᵀ v} from rows of A copied before the loop: the carried matrix held as rows whose update
     * {@code P + v ⊗ u} (not written before the product, u computed before it into an array of its own — not a
     * slice read in place, whose offset the product's loop over the columns has no index for —, as wide as A's
     * rows) the product writes in its own loop over the rows of A, as a hand-written backward step would; or -1.
     */
    private int fusedUpdate(Node product) {
        int v = info.rep(product.input(1));
        Shape sa = JavaTypes.shape(g.type(product.input(0)));
        for (int k = 0; k < storage.carried(); k++) {
            if (!storage.holdsRows(k)) {
                continue;
            }
            Node update = g.node(info.rep(g.results().get(k)));
            // a held slice update (StoragePlan.isSliceUpdate) is written by its own loop, never by a product's
            if (update.op() != dev.gradc.ops.Binary.ADD || update.id() < product.id() || claimed(update.id()) || !JavaTypes.shape(update.type()).equals(sa)) {
                continue;
            }
            for (int in : update.inputs()) {
                Node outer = g.node(info.rep(in));
                if (outer.op() instanceof Outer && info.soleUser(outer.id()) == update.id() && outer.id() < product.id()
                        && nodes[outer.id()] instanceof Plan.NodePlan.Fused
                        && info.rep(outer.input(0)) == v && written(info.rep(outer.input(1)), product.id())
                        && !views[info.rep(outer.input(1))]
                        && Width.of(JavaTypes.shape(g.type(outer.input(1))).dims()).equals(Width.of(List.of(sa.dim(1))))) {
                    return k;
                }
            }
        }
        return -1;
    }

    /** Whether an earlier product already writes node id (a held update) in its loop. */
    private boolean claimed(int id) {
        for (int p = 0; p < fusedUpdates.length; p++) {
            if (fusedUpdates[p] >= 0 && info.rep(g.results().get(fusedUpdates[p])) == id) {
                return true;
            }
        }
        return false;
    }

    /** Whether node id has its value before node {@code before} is written: a literal, or an earlier node's own. */
    private boolean written(int id, int before) {
        return GraphInfo.isLiteral(g.node(id)) || id < before && hasValue(id);
    }
}
