package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.SharedRegions;
import dev.gradc.ir.Type;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;
import dev.gradc.passes.InPlaceWrites;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The regions one generated method's graph uses at more than one place ({@link SharedRegions}: a loop that the
 * adjoint reruns, a checkpointed loop's replays), each written once as a private static method of the class,
 * {@code <method>Loop} or {@code <method>If}, called from every place: its inputs are its parameters, a single
 * result its return value, several results come back in two frames the caller passes (a {@code double[]} for
 * real and int scalars, an {@code Object[]} for the rest). So the written code of loops nested hundreds deep,
 * whose adjoints rerun the loops inside them, grows with the depth, not its square. A region used at one place
 * is written there, as before. The method owns none of its inputs: a loop that writes an array in place copies
 * it first (so its result is its own, as {@link InPlaceWrites#ownsResult} says), a cond writes none in place.
 */
final class RegionMethods {

    /** One region's method: its name, the graph it writes (the region alone), its sizes and results' frames. */
    private record Written(String name, Graph wrapper, List<String> sizes, boolean arena, int[] slots,
                           boolean[] inDoubles, int doubles, int objects) {
    }

    private final Set<Region> shared;
    private final CodeSize sizes;
    private final String root;
    private final Map<Region, Written> written = new IdentityHashMap<>();
    private final InPlaceWrites.Known known = new InPlaceWrites.Known();

    /** The shared regions of the graph of method {@code root}. */
    RegionMethods(Graph g, String root) {
        this.shared = SharedRegions.of(g);
        this.sizes = new CodeSize(shared);
        this.root = root;
    }

    /**
     * Which carried arrays of each loop body its loop owns ({@link InPlaceWrites#ownedCarried}), asked once per
     * loop written: kept for the whole graph, so that each body is looked at once.
     */
    InPlaceWrites.Known known() {
        return known;
    }

    /** The name of the generated method whose graph this is. */
    String root() {
        return root;
    }

    /** The code-size estimates of this method's graphs: a shared region counts as a call. */
    CodeSize sizes() {
        return sizes;
    }

    /** Whether region r, a node of graph g, is written as a call (not in its own method's graph). */
    boolean calls(Graph g, Region r) {
        Written w = written.get(r);
        return shared.contains(r) && (w == null || w.wrapper() != g);
    }

    /** Writes region node n of gc's graph as a call of its method, writing the method the first time. */
    void call(GraphCode gc, Node n) {
        MethodContext m = gc.m;
        Region r = (Region) n.op();
        Written w = written.get(r);
        if (w == null) {
            w = define(gc, n);
        }
        m.comment(n);
        m.code.add("// written once, in $L\n", w.name());
        List<String> args = new ArrayList<>();
        for (String s : w.sizes()) {
            args.add(JavaTypes.sizeVar(s, m.sizeVars));
        }
        if (w.arena()) {
            args.add(m.arena);
        }
        for (int in : n.inputs()) {
            args.add(gc.value(in).code());
        }
        List<Type> parts = ((Type.Tuple) n.type()).parts();
        List<String> vars = new ArrayList<>();
        for (int k = 0; k < parts.size(); k++) {
            String label = gc.info.projLabel(n.id(), k);
            vars.add(m.names.newName(label != null ? label : "t"));
        }
        if (parts.size() == 1) {
            m.code.addStatement("$T $L = $L($L)", JavaTypes.of(parts.get(0)), vars.get(0), w.name(), String.join(", ", args));
        } else {
            String fd = frame(gc, "double[]", "results", w.doubles() == 0 ? null : WorkspaceCode.zeros(m, w.doubles()));
            String fo = frame(gc, "Object[]", "objects", w.objects() == 0 ? null : WorkspaceCode.objects(m, w.objects()));
            args.add(fd == null ? "null" : fd);
            args.add(fo == null ? "null" : fo);
            m.code.addStatement("$L($L)", w.name(), String.join(", ", args));
            for (int k = 0; k < parts.size(); k++) {
                m.declare(JavaTypes.of(parts.get(k)), vars.get(k),
                        load(parts.get(k), w.inDoubles()[k] ? fd : fo, w.slots()[k]).block());
            }
        }
        gc.bindParts(n.id(), vars);
        m.commented(n);
    }

    /**
     * Declares a frame of the results: before the loop whose body calls (every trip reuses it, its values read
     * right after the call), or here; null when {@code init} is null (no result goes in it).
     */
    private static String frame(GraphCode gc, String type, String name, CodeBlock init) {
        if (init == null) {
            return null;
        }
        String var = gc.m.names.newName(name);
        if (!gc.storage.beforeLoop("$L $L = $L", type, var, init)) {
            gc.m.code.addStatement("$L $L = $L", type, var, init);
        }
        return var;
    }

    private static Expr load(Type t, String frame, int slot) {
        if (JavaTypes.isScalarReal(t)) {
            return Expr.atom(frame + "[" + slot + "]");
        }
        if (t instanceof Type.Int) {
            return new Expr("(int) " + frame + "[" + slot + "]", Expr.UNARY);
        }
        return Expr.atom(CodeBlock.of("(($T) $L[$L])", JavaTypes.of(t), frame, slot));
    }

    /** Writes the method of region node n (first met in gc's graph) into the site's helpers. */
    private Written define(GraphCode gc, Node n) {
        MethodContext.Site site = gc.m.site;
        GraphMethod.ClassContext cc = site.cc();
        Region r = (Region) n.op();
        String name = cc.methodNames().newName(root + (r instanceof While ? "Loop" : "If"));
        List<Type> parts = ((Type.Tuple) n.type()).parts();
        int[] slots = new int[parts.size()];
        boolean[] inDoubles = new boolean[parts.size()];
        int doubles = 0;
        int objects = 0;
        for (int k = 0; k < parts.size(); k++) {
            Type t = parts.get(k);
            inDoubles[k] = JavaTypes.isScalarReal(t) || t instanceof Type.Int;
            slots[k] = inDoubles[k] ? doubles++ : objects++;
        }
        Written w = new Written(name, wrapper(gc, n), List.copyOf(gc.m.sizeVars.keySet()), gc.m.arena != null, slots,
                inDoubles, doubles, objects);
        written.put(r, w);
        Names names = new Names(cc.reservedLocals());
        MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(parts.size() == 1 ? JavaTypes.of(parts.get(0)) : TypeName.VOID);
        for (String v : gc.m.sizeVars.values()) {
            b.addParameter(TypeName.INT, names.claim(v));
        }
        MethodContext m = new MethodContext(names, gc.m.sizeVars, cc.source(), site.of(name));
        Workspaces.passArena(b, names, m, gc.m.arena);
        List<Expr> params = new ArrayList<>();
        for (int p : w.wrapper().params()) {
            String v = names.newName(w.wrapper().node(p).label());
            b.addParameter(JavaTypes.of(w.wrapper().type(p)), v);
            params.add(Expr.atom(v));
        }
        String fd = parts.size() == 1 ? null : names.newName("results");
        String fo = parts.size() == 1 ? null : names.newName("objects");
        if (fd != null) {
            b.addParameter(JavaTypes.DOUBLE_ARRAY, fd).addParameter(Object[].class, fo);
        }
        List<Expr> out = new GraphCode(m, new GraphInfo(w.wrapper()), params, null, true).emitAll();
        if (parts.size() == 1) {
            m.code.addStatement("return $L", out.get(0).block());
        }
        for (int k = 0; fd != null && k < parts.size(); k++) {
            m.code.addStatement("$L[$L] = $L", inDoubles[k] ? fd : fo, slots[k], out.get(k).block());
        }
        site.helpers().add(b.addCode(m.build()).build());
        return w;
    }

    /**
     * The graph of region node n alone: a parameter per input (named as the input's value, or the region's
     * own name for it), the region, and a projection per result, named as at n.
     */
    private static Graph wrapper(GraphCode gc, Node n) {
        List<Node> nodes = new ArrayList<>();
        List<Integer> params = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        for (int k = 0; k < n.inputs().size(); k++) {
            Node in = gc.g.node(gc.info.rep(n.input(k)));
            String label = GraphCode.suggestion(in) != null ? GraphCode.suggestion(in) : innerName(n, k);
            nodes.add(new Node(k, new Param(k), List.of(), in.type(), in.span(), label, in.role()));
            params.add(k);
            inputs.add(k);
        }
        int region = nodes.size();
        nodes.add(new Node(region, n.op(), inputs, n.type(), n.span(), n.label(), n.role()));
        List<Integer> results = new ArrayList<>();
        List<Type> parts = ((Type.Tuple) n.type()).parts();
        for (int k = 0; k < parts.size(); k++) {
            int id = nodes.size();
            nodes.add(new Node(id, new Proj(k), List.of(region), parts.get(k), n.span(), gc.info.projLabel(n.id(), k),
                    n.role()));
            results.add(id);
        }
        Graph wrapper = new Graph(nodes, params, results);
        boolean[] adjoints = new boolean[params.size()];
        for (int k = 0; k < adjoints.length; k++) {
            adjoints[k] = gc.m.site.cc().adjoints().holdsAdjoint(gc.g, gc.info.rep(n.input(k)));
        }
        gc.m.site.cc().adjoints().declare(wrapper, adjoints); // its parameters hold what n's inputs hold
        boolean[] tangents = new boolean[params.size()];
        boolean[] ofAdjoints = new boolean[params.size()];
        for (int k = 0; k < tangents.length; k++) {
            tangents[k] = gc.m.site.cc().tangents().holdsTangent(gc.g, gc.info.rep(n.input(k)));
            ofAdjoints[k] = gc.m.site.cc().tangents().holdsTangentOfAdjoint(gc.g, gc.info.rep(n.input(k)));
        }
        gc.m.site.cc().tangents().declare(wrapper, tangents, ofAdjoints);
        return wrapper;
    }

    /** The name region n's own graph gives input k: a loop body's parameter's program name, else "in". */
    private static String innerName(Node n, int k) {
        if (n.op() instanceof While w && w.body().node(w.body().params().get(k)).label() != null) {
            String label = GraphCode.suggestion(w.body().node(w.body().params().get(k)));
            return label != null ? label : "in";
        }
        return k == 0 && !(n.op() instanceof While) ? "test" : "in";
    }
}
