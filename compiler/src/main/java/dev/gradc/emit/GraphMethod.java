package dev.gradc.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * One generated method whose body is a graph: leading {@code int} size parameters, the graph's parameters,
 * argument checks (public methods), the graph's code and a return statement. A graph too large for one
 * method (the JVM's 64 KB limit) is split into private helper methods; see {@link SplitMethod}.
 */
final class GraphMethod {

    /** A parameter of the graph: the name it is known by in the program (and in messages) and its type. */
    record Arg(String name, Type type) {
    }

    /** Writes the method's return statement from the results' expressions. */
    interface Results {
        void write(MethodContext m, List<Expr> results);
    }

    /** What all methods of one generated class share. */
    record ClassContext(SourceFile source, Set<String> reservedLocals, Names methodNames,
                        Map<String, Integer> boundSizes, AdjointValues adjoints, TangentValues tangents,
                        StackReservations.Covered reserved) {
    }

    /**
     * The entry check of size {@code size} held in {@code var}: {@code Checks.size}, or {@code Checks.specialised}
     * when the class was compiled with the size bound to a number (the code inside has that number built in).
     */
    static void sizeCheck(MethodContext m, ClassContext cc, String size, String var) {
        Integer bound = cc.boundSizes().get(size);
        if (bound == null) {
            m.code.addStatement("$T.size($L, $S)", Checks.class, var, size);
        } else {
            m.code.addStatement("$T.specialised($L, $L, $S)", Checks.class, var, bound, size);
        }
    }

    private final ClassContext cc;
    private final String name;
    private final boolean isPublic;
    private final TypeName returns;
    private final List<String> sizes;
    private final List<Arg> args;
    /**
     * Parameters passed together as the public fields of one object of a generated class ({@link PackedArgs}):
     * args {@code [from, to)} are its fields {@code fields}, in order; the method's parameter is {@code name}.
     */
    record Pack(ClassName type, String name, int from, int to, List<String> fields) {

        /** The same pack under another parameter name. */
        Pack named(String other) {
            return new Pack(type, other, from, to, fields);
        }
    }

    private final List<Pack> packs = new ArrayList<>();
    /** The function's workspace class when this is the workspace form of the method, else null. */
    private ClassName workspace;
    private boolean arenaParam;

    GraphMethod(ClassContext cc, String name, boolean isPublic, TypeName returns, List<String> sizes, List<Arg> args) {
        this.cc = cc;
        this.name = name;
        this.isPublic = isPublic;
        this.returns = returns;
        this.sizes = List.copyOf(sizes);
        this.args = List.copyOf(args);
    }

    /**
     * Makes this the workspace form of the method: a first parameter of class {@code ws} instead of the sizes,
     * whose sizes and memory the method uses (see {@link Workspaces}).
     */
    GraphMethod inWorkspace(ClassName ws) {
        this.workspace = ws;
        return this;
    }

    /** Takes args {@code [pack.from, pack.to)} packed in one object: the method reads them from its fields first. */
    GraphMethod packing(Pack pack) {
        packs.add(pack);
        return this;
    }

    /** Makes this a helper of a workspace form: a first parameter {@code Arena arena}, then the sizes as usual. */
    GraphMethod withArena() {
        this.arenaParam = true;
        return this;
    }

    /** The method (first) and any helpers it was split into. */
    List<MethodSpec> build(Graph g, String javadoc, Results results) {
        Names names = new Names(cc.reservedLocals());
        Map<String, String> sizeVars = new LinkedHashMap<>();
        MethodSpec.Builder b = MethodSpec.methodBuilder(name)
                .addModifiers(isPublic ? Modifier.PUBLIC : Modifier.PRIVATE, Modifier.STATIC).returns(returns);
        if (javadoc != null) {
            b.addJavadoc("$L", javadoc);
        }
        String ws = workspace == null ? null : names.newName("workspace");
        if (ws != null) {
            b.addParameter(workspace, ws);
        }
        String arena = arenaParam ? names.newName("arena") : null;
        if (arena != null) {
            b.addParameter(dev.gradc.runtime.workspace.Arena.class, arena);
        }
        for (String s : sizes) {
            String v = names.newName(s);
            sizeVars.put(s, v);
            if (ws == null) {
                b.addParameter(TypeName.INT, v);
            }
        }
        List<MethodSpec> helpers = new ArrayList<>();
        MethodContext m = new MethodContext(names, sizeVars, cc.source(), new MethodContext.Site(cc, name, helpers,
                new RegionMethods(g, name)));
        if (ws != null) {
            Workspaces.open(m, ws);
        }
        m.arena = arena != null ? arena : m.arena;
        List<Expr> params = new ArrayList<>();
        String packVar = null;
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            Pack pack = packOf(i);
            if (pack != null && i == pack.from()) {
                packVar = names.newName(pack.name());
                b.addParameter(pack.type(), packVar);
            }
            String v = names.newName(a.name());
            if (pack == null) {
                b.addParameter(JavaTypes.of(a.type()), v);
            } else {
                m.code.addStatement("$T $N = $N.$N", JavaTypes.of(a.type()), v, packVar, pack.fields().get(i - pack.from()));
            }
            m.paramVars.add(v);
            if (JavaTypes.of(a.type()).equals(JavaTypes.DOUBLE_ARRAY)) {
                m.arrayParams.add(v);
            }
            params.add(Expr.atom(v));
        }
        if (isPublic) {
            checks(m, params, g);
        }
        GraphInfo info = new GraphInfo(g);
        List<Expr> out;
        if (m.site.sizes().large(g, CodeSize.around(args.size(), g.results().size()))) {
            out = new SplitMethod(m.site, name, info, sizeVars).emit(m, params, null);
        } else {
            out = new GraphCode(m, info, params, null, true).emitAll();
        }
        for (int i = 0; i < out.size(); i++) {
            if (computesNewArray(g.node(g.result(i)).op())) {
                m.freshResults.add(out.get(i).code());
            }
        }
        results.write(m, out);
        b.addCode(m.build());
        List<MethodSpec> all = new ArrayList<>();
        all.add(b.build());
        all.addAll(helpers);
        return all;
    }

    private Pack packOf(int arg) {
        for (Pack p : packs) {
            if (arg >= p.from() && arg < p.to()) {
                return p;
            }
        }
        return null;
    }

    /**
     * {@code Checks.size} for every size, {@code Checks.length} for every array parameter (lengths computed in
     * {@code long}, so no size can make them wrap around), and {@code Checks.fits} for every other shape the
     * sizes give, so that no allocation inside can overflow.
     */
    void checks(MethodContext m, List<Expr> params, Graph g) {
        if (m.workspace != null) {
            Workspaces.checks(m, params, args, dynamicShapes(g));
            return;
        }
        for (Map.Entry<String, String> s : m.sizeVars.entrySet()) {
            sizeCheck(m, cc, s.getKey(), s.getValue());
        }
        affineChecks(m);
        Set<Shape> checked = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            Type t = args.get(i).type();
            if (t instanceof Type.IntArray ia) {
                m.code.addStatement("$T.length($L, $L, $S, $S)", dev.gradc.runtime.IntArrays.class, params.get(i).code(),
                        longCount(ia.shape(), m.sizeVars), args.get(i).name(), ia.shape().toString());
                continue;
            }
            if (!(t instanceof Type.Real r) || r.isScalar()) {
                continue;
            }
            Shape s = r.shape();
            if (s.isStatic()) {
                m.code.addStatement("$T.length($L, $L, $S)", Checks.class, params.get(i).code(),
                        JavaTypes.size(s, m.sizeVars).code(), args.get(i).name());
            } else {
                m.code.addStatement("$T.length($L, $L, $S, $L)", Checks.class, params.get(i).code(),
                        longCount(s, m.sizeVars), args.get(i).name(), shapeText(s, m.sizeVars));
                checked.add(s);
            }
        }
        for (Shape s : dynamicShapes(g)) {
            if (checked.add(s) && countFactors(s) > 1) {
                m.code.addStatement("$T.fits($L, $L)", Checks.class, longCount(s, m.sizeVars), shapeText(s, m.sizeVars));
            }
        }
    }

    /** How many factors a shape's element count has: its size names and one for all fixed dimensions. */
    static int countFactors(Shape s) {
        long fixed = 1;
        int n = 0;
        for (var d : s.dims()) {
            if (d instanceof dev.gradc.ir.Dim.Fixed f) {
                fixed *= f.value();
            } else {
                n++;
            }
        }
        return n + (fixed == 1 ? 0 : 1);
    }

    /**
     * A shape's element count as a {@code long} expression: a single size stays an {@code int}; two factors
     * multiply exactly in {@code long}; more go through {@code Checks.times}, which saturates.
     */
    static CodeBlock longCount(Shape s, Map<String, String> sizeVars) {
        List<String> factors = new ArrayList<>();
        long fixed = 1;
        for (var d : s.dims()) {
            if (d instanceof dev.gradc.ir.Dim.Fixed f) {
                fixed *= f.value();
            } else if (d instanceof dev.gradc.ir.Dim.Named n) {
                factors.add(JavaTypes.sizeVar(n.name(), sizeVars));
            } else {
                // an affine dimension of a parameter is checked to fit an int before any length is
                factors.add(JavaTypes.affine(d, sizeVars).textAt(Expr.MULTIPLICATIVE + 1));
            }
        }
        if (fixed != 1) {
            factors.add(fixed + "L");
        }
        if (factors.size() == 1) {
            return CodeBlock.of("$L", factors.get(0));
        }
        CodeBlock c = CodeBlock.of("(long) $L * $L", factors.get(0), factors.get(1));
        for (int i = 2; i < factors.size(); i++) {
            c = CodeBlock.of("$T.times($L, $L)", Checks.class, c, factors.get(i));
        }
        return c;
    }

    /** Every shape with a size name among the values of {@code g} and its regions, in a stable order. */
    static Set<Shape> dynamicShapes(Graph root) {
        Set<Shape> out = new LinkedHashSet<>();
        Set<Graph> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Graph> work = new java.util.ArrayDeque<>();
        work.add(root);
        while (!work.isEmpty()) {
            Graph g = work.poll();
            for (var n : g.nodes()) {
                Type t = n.type() instanceof Type.Stack st ? st.element() : n.type();
                Shape s = JavaTypes.shape(t);
                if (!s.isStatic()) {
                    out.add(s);
                }
                if (n.op() instanceof dev.gradc.ir.Region r) {
                    // each graph once: the derivative passes share a region's graphs between its uses
                    r.graphs().stream().filter(seen::add).forEach(work::add);
                }
            }
        }
        return out;
    }

    /**
     * {@code Checks.dimension} for every affine dimension of a parameter ({@code N-1}, {@code 2*N+1}), computed
     * in {@code long} so that neither a negative nor an overflowing dimension passes as a length.
     */
    void affineChecks(MethodContext m) {
        Map<String, String> wide = new java.util.LinkedHashMap<>();
        m.sizeVars.forEach((k, v) -> wide.put(k, "(long) " + v));
        java.util.Set<dev.gradc.ir.Dim> seen = new java.util.LinkedHashSet<>();
        for (var a : args) {
            if (a.type() instanceof Type.Real r) {
                r.shape().dims().stream().filter(d -> d instanceof dev.gradc.ir.Dim.Affine).forEach(seen::add);
            }
        }
        for (var d : seen) {
            CodeBlock.Builder bindings = CodeBlock.builder();
            for (String name : d.terms().keySet()) {
                bindings.add(bindings.isEmpty() ? "$S + $L" : " + $S + $L",
                        (bindings.isEmpty() ? "" : ", ") + name + "=", m.sizeVars.get(name));
            }
            m.code.addStatement("$T.dimension($L, $S, $L)", Checks.class, JavaTypes.affine(d, wide).code(),
                    d.toString(), bindings.build());
        }
    }

    /** {@code "[B,4] with B=" + B}: the declared shape and the sizes bound in this call. */
    private static CodeBlock shapeText(Shape s, Map<String, String> sizeVars) {
        CodeBlock.Builder c = CodeBlock.builder();
        String text = s + " with ";
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        s.dims().forEach(d -> names.addAll(d.terms().keySet()));
        for (String name : names) {
            c.add(c.isEmpty() ? "$S + $L" : " + $S + $L", text + name + "=", sizeVars.get(name));
            text = ", ";
        }
        return c.build();
    }

    /** Ops whose array result is always written into an array of their own, never one of their inputs. */
    private static boolean computesNewArray(dev.gradc.ir.Op op) {
        return op instanceof dev.gradc.ops.Binary || op instanceof dev.gradc.ops.Unary || op instanceof dev.gradc.ops.Matmul
                || op instanceof dev.gradc.ops.Outer || op instanceof dev.gradc.ops.Fill || op instanceof dev.gradc.ops.Pack
                || op instanceof dev.gradc.ops.Scatter || op instanceof dev.gradc.ops.ZerosLike
                || op instanceof dev.gradc.ops.Rows || op instanceof dev.gradc.ops.RowsScatter
                || op instanceof dev.gradc.ops.JavaCall;
    }

    /**
     * The expression a result is returned as, never an argument's array nor another result's: a parameter or
     * an array returned twice is copied, and an array that may be an argument at run time (a {@code cond}
     * that chose it, a loop that ran no trip, an adjoint that is the seed) is compared with each array
     * parameter and each array returned before it, and copied only when it is one of them.
     */
    static CodeBlock returned(MethodContext m, Expr e, Type t, List<String> seen) {
        String code = e.code();
        if (!JavaTypes.isArray(t)) {
            return e.block();
        }
        if (m.paramVars.contains(code) || seen.contains(code)) {
            return WorkspaceCode.copy(m, e.block());
        }
        List<String> others = new ArrayList<>(m.arrayParams);
        others.addAll(seen);
        if (others.isEmpty() || m.freshResults.contains(code)) {
            seen.add(code);
            return e.block();
        }
        if (!javax.lang.model.SourceVersion.isIdentifier(code)) {
            String local = m.names.newName("result");
            m.declare(JavaTypes.of(t), local, e.block());
            code = local;
        }
        seen.add(code);
        StringBuilder test = new StringBuilder();
        for (String o : others) {
            test.append(test.length() == 0 ? "" : " || ").append(code).append(" == ").append(o);
        }
        m.code.beginControlFlow("if ($L)", test).addStatement("$L = $L", code, WorkspaceCode.copy(m, code)).endControlFlow();
        return CodeBlock.of("$L", code);
    }
}
