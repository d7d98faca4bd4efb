package dev.gradc.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Param;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Splits the code of a large graph over private helper methods, so that no method passes the JVM's 64 KB
 * limit (and each stays small enough for the JIT). The graph's top-level nodes are cut into consecutive
 * parts, never between a region and its projections; values that cross a cut live in two frames, a
 * {@code double[]} for real scalars and an {@code Object[]} for everything else, which the method creates
 * and passes to {@code fPart0(…)}, {@code fPart1(…)}, … in order.
 */
final class SplitMethod {

    /** Graphs heavier than this are split. */
    static final int SPLIT_WEIGHT = 1200;
    /** About this much code goes into each part. */
    static final int PART_WEIGHT = 500;

    private final GraphMethod.ClassContext cc;
    private final String method;
    private final GraphInfo info;
    private final Graph g;
    private final Map<String, String> sizeVars;
    private final int[] partOf;
    private final boolean[] pinned;
    private final int[] slot;
    private int doubles;
    private int objects;

    SplitMethod(GraphMethod.ClassContext cc, String method, GraphInfo info, Map<String, String> sizeVars) {
        this.cc = cc;
        this.method = method;
        this.info = info;
        this.g = info.graph;
        this.sizeVars = sizeVars;
        int n = g.size();
        partOf = new int[n];
        pinned = new boolean[n];
        slot = new int[n];
    }

    static boolean needsSplit(GraphInfo info) {
        int w = 0;
        for (int id = 0; id < info.graph.size(); id++) {
            if (info.emits(id)) {
                w += info.weight(id);
            }
        }
        return w > SPLIT_WEIGHT;
    }

    /** Writes the frames and part calls into m; gives the results' expressions; adds the parts to helpers. */
    List<Expr> emit(MethodContext m, List<Expr> params, List<MethodSpec> helpers) {
        List<int[]> parts = cut();
        pin();
        String fd = m.names.newName("frame");
        String fo = m.names.newName("objects");
        m.code.addStatement("double[] $L = new double[$L]", fd, doubles);
        m.code.addStatement("Object[] $L = new Object[$L]", fo, objects);
        for (int i = 0; i < g.params().size(); i++) {
            int p = g.params().get(i);
            if (pinned[p]) {
                m.code.addStatement("$L[$L] = $L", frame(p, fd, fo), slot[p], params.get(i).code());
            }
        }
        String call = String.join(", ", sizeVars.values());
        call = call.isEmpty() ? fd + ", " + fo : call + ", " + fd + ", " + fo;
        for (int k = 0; k < parts.size(); k++) {
            String name = cc.methodNames().newName(method + "Part" + k);
            helpers.add(part(name, k, parts.get(k), fd, fo));
            m.code.addStatement("$L($L)", name, call);
        }
        List<Expr> out = new ArrayList<>();
        GraphCode literals = new GraphCode(m, info, params, null, false);
        for (int r : g.results()) {
            int id = info.rep(r);
            Node n = g.node(id);
            if (n.op() instanceof Param || GraphInfo.isLiteral(n)) {
                out.add(literals.value(id));
            } else {
                out.add(load(id, fd, fo));
            }
        }
        return out;
    }

    private List<int[]> cut() {
        List<int[]> parts = new ArrayList<>();
        int start = 0;
        int weight = 0;
        int mustReach = -1;
        for (int id = 0; id < g.size(); id++) {
            if (info.emits(id)) {
                weight += info.weight(id);
                mustReach = Math.max(mustReach, info.lastProj(id));
            }
            partOf[id] = parts.size();
            if (weight >= PART_WEIGHT && id >= mustReach) {
                parts.add(new int[] {start, id + 1});
                start = id + 1;
                weight = 0;
            }
        }
        if (start < g.size()) {
            parts.add(new int[] {start, g.size()});
        }
        for (int p : g.params()) {
            partOf[p] = -1;
        }
        return parts;
    }

    /** Values used in another part than their own, and results, are kept in the frames. */
    private void pin() {
        for (Node n : g.nodes()) {
            if (!info.emits(n.id())) {
                continue;
            }
            for (int in : n.inputs()) {
                int r = info.rep(in);
                if (partOf[r] != partOf[n.id()]) {
                    pin(r);
                }
            }
        }
        for (int r : g.results()) {
            int id = info.rep(r);
            if (!(g.node(id).op() instanceof Param)) {
                pin(id);
            }
        }
    }

    private void pin(int id) {
        Node n = g.node(id);
        if (pinned[id] || GraphInfo.isLiteral(n)) {
            return;
        }
        pinned[id] = true;
        slot[id] = JavaTypes.isScalarReal(n.type()) ? doubles++ : objects++;
    }

    private String frame(int id, String fd, String fo) {
        return JavaTypes.isScalarReal(g.type(id)) ? fd : fo;
    }

    private Expr load(int id, String fd, String fo) {
        if (JavaTypes.isScalarReal(g.type(id))) {
            return Expr.atom(fd + "[" + slot[id] + "]");
        }
        TypeName t = JavaTypes.of(g.type(id));
        return Expr.atom("((" + t + ") " + fo + "[" + slot[id] + "])");
    }

    private MethodSpec part(String name, int k, int[] range, String fd, String fo) {
        Names names = new Names(cc.reservedLocals());
        MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
        for (String v : sizeVars.values()) {
            names.claim(v);
            b.addParameter(TypeName.INT, v);
        }
        b.addParameter(JavaTypes.DOUBLE_ARRAY, names.claim(fd));
        b.addParameter(Object[].class, names.claim(fo));
        MethodContext m = new MethodContext(names, sizeVars, cc.source());
        GraphCode code = new GraphCode(m, info, List.of(), pinned, false);
        Set<Integer> liveIn = new LinkedHashSet<>();
        for (int id = range[0]; id < range[1]; id++) {
            if (info.emits(id)) {
                for (int in : g.node(id).inputs()) {
                    int r = info.rep(in);
                    if (pinned[r] && partOf[r] != k) {
                        liveIn.add(r);
                    }
                }
            }
        }
        for (int id : liveIn) {
            String suggestion = GraphCode.suggestion(g.node(id));
            String v = suggestion == null ? names.temp() : names.newName(suggestion);
            m.code.addStatement("$T $L = $L", JavaTypes.of(g.type(id)), v, load(id, fd, fo).code());
            code.bind(id, v);
        }
        code.emit(range[0], range[1]);
        for (int id = range[0]; id < range[1]; id++) {
            if (pinned[id] && info.emits(id) && partOf[id] == k) {
                m.code.addStatement("$L[$L] = $L", frame(id, fd, fo), slot[id], code.value(id).block());
            }
        }
        return b.addCode(m.build()).build();
    }
}
