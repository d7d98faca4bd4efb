package dev.gradc.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.Request;
import dev.gradc.passes.Derivatives;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * {@code fJacobian}: the full Jacobian per parameter, rows the output's entries and columns the parameter's
 * (both flattened row-major). Built column by column from a private JVP method when there are fewer inputs
 * than outputs, else row by row from a private VJP method; with size names the choice is made per call.
 */
final class JacobianEmitter {

    private final GraphMethod.ClassContext cc;
    private final FunctionIr f;
    private final String valueName;
    private final ClassName holder;
    private List<String> components;
    private List<String> wrt;
    /** The function's workspace class while the workspace form is written, else null. */
    private ClassName workspace;
    /** The parameters' {@code F.Args} when they are passed packed ({@link PackedArgs}), else null. */
    private final ClassName packed;
    /**
     * In the workspace form of a packed function, the workspace's field holding the {@code F.Args} of the unit
     * directions (set, not made, by every call); else null.
     */
    private String tangents;

    JacobianEmitter(GraphMethod.ClassContext cc, FunctionIr f, String valueName, ClassName holder, boolean packed) {
        this.cc = cc;
        this.f = f;
        this.valueName = valueName;
        this.holder = holder;
        this.packed = packed ? holder.nestedClass(PackedArgs.CLASS) : null;
    }

    /**
     * {@code record Jacobian(value, double[][] <one per parameter>)}; with packed parameters one matrix,
     * {@code record Jacobian(value, double[][] jacobian)}, whose columns run over the parameters in order.
     */
    TypeSpec record() {
        List<TypeName> types = new ArrayList<>();
        types.add(JavaTypes.of(f.output()));
        for (int i = 0; i < components.size() - 1; i++) {
            types.add(com.palantir.javapoet.ArrayTypeName.of(JavaTypes.DOUBLE_ARRAY));
        }
        return Records.record("Jacobian", types, components, packed != null
                ? "The value of {@code " + f.name() + "} and its Jacobian: rows are the output's entries, columns the"
                        + " parameters' entries, one parameter after the other.\n"
                : "The value of {@code " + f.name()
                        + "} and its Jacobian per parameter: rows are the output's entries, columns the parameter's.\n");
    }

    /**
     * The workspace form, {@code fJacobian(F.Workspace, args…)} returning {@code F.JacobianView}: its helper
     * methods take the arena, and each column's (or row's) call reuses the memory of the one before.
     */
    List<MethodSpec> emitWorkspace(Request r, String name, ClassName ws, String tangentsField) {
        workspace = ws;
        tangents = tangentsField;
        try {
            return emit(r, name);
        } finally {
            workspace = null;
            tangents = null;
        }
    }

    /** The record's component names: "value", then one matrix per parameter, or the one matrix when packed. */
    List<String> componentNames() {
        return components;
    }

    List<MethodSpec> emit(Request r, String name) {
        wrt = r.wrt();
        components = packed == null ? Records.components(wrt) : List.of("value", "jacobian");
        boolean[] helpers = helpers(f, wrt);
        List<MethodSpec> methods = new ArrayList<>();
        String jvp = helpers[0] ? helper(name + "Jvp", true, methods) : null;
        String vjp = helpers[1] ? helper(name + "Vjp", false, methods) : null;
        methods.add(0, jacobian(name, jvp, vjp));
        return methods;
    }

    private Shape shape(String p) {
        return JavaTypes.shape(f.params().get(f.paramIndex(p)).type());
    }

    /**
     * Which helpers {@code fJacobian} of f with respect to wrt calls: {jvp, vjp}. By columns (the JVP) when the
     * parameters have fewer entries than the output, by rows (the VJP) otherwise, both when a size is known only
     * when the method runs.
     */
    static boolean[] helpers(FunctionIr f, List<String> wrt) {
        long in = 0;
        for (String p : wrt) {
            long s = JavaTypes.shape(f.params().get(f.paramIndex(p)).type()).staticSize();
            in = s < 0 || in < 0 ? -1 : in + s;
        }
        long out = JavaTypes.shape(f.output()).staticSize();
        boolean dynamic = in < 0 || out < 0;
        return new boolean[] {dynamic || in < out, dynamic || in >= out};
    }

    /** A private method for the JVP (gives the output's tangent, flat) or the VJP (gives each adjoint, flat). */
    private String helper(String suggestion, boolean forward, List<MethodSpec> methods) {
        String name = cc.methodNames().newName(suggestion);
        List<GraphMethod.Arg> args = new ArrayList<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            args.add(new GraphMethod.Arg(p.name(), p.type()));
        }
        if (forward) {
            for (String p : wrt) {
                args.add(new GraphMethod.Arg(p + "Dot", f.params().get(f.paramIndex(p)).type()));
            }
        } else {
            args.add(new GraphMethod.Arg("seed", f.output()));
        }
        TypeName returns = forward ? JavaTypes.DOUBLE_ARRAY : com.palantir.javapoet.ArrayTypeName.of(JavaTypes.DOUBLE_ARRAY);
        GraphMethod gm = new GraphMethod(cc, name, false, returns, f.sizes(), args);
        if (workspace != null) {
            gm.withArena();
        }
        if (packed != null) {
            gm.packing(PackedArgs.all(f, holder));
            if (forward) {
                gm.packing(PackedArgs.tangents(f, holder, wrt, f.params().size()));
            }
        }
        Graph g = forward ? Derivatives.jvp(f, wrt) : Derivatives.vjp(f, wrt);
        Graph withoutValue = new Graph(g.nodes(), g.params(), g.results().subList(1, g.results().size()));
        methods.addAll(gm.build(withoutValue, null, (m, res) -> {
            List<String> seen = new ArrayList<>();
            List<CodeBlock> flat = new ArrayList<>();
            for (int i = 0; i < res.size(); i++) {
                Type t = forward ? f.output() : f.params().get(f.paramIndex(wrt.get(i))).type();
                CodeBlock c = GraphMethod.returned(m, res.get(i), t, seen);
                flat.add(JavaTypes.isArray(t) ? c : WorkspaceCode.single(m, c));
            }
            if (forward) {
                m.code.addStatement("return $L", flat.get(0));
            } else {
                WorkspaceCode.returnRows(m, flat);
            }
        }));
        return name;
    }

    private MethodSpec jacobian(String name, String jvp, String vjp) {
        Names names = new Names(cc.reservedLocals());
        Map<String, String> sizeVars = new LinkedHashMap<>();
        ClassName rec = holder.nestedClass(workspace == null ? "Jacobian" : "JacobianView");
        MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(rec);
        if (workspace == null) {
            b.addJavadoc("The value of {@code $L} and its Jacobian with respect to {@code $L}.\n", f.name(),
                    String.join(", ", wrt));
        } else {
            b.addJavadoc("$L", Workspaces.doc(name));
        }
        List<String> call = new ArrayList<>();
        MethodContext m = workspaceParams(b, names, sizeVars, call);
        parameters(b, names, call);
        CodeBlock.Builder c = m.code;
        String value = names.newName("value");
        List<String> valueCall = new ArrayList<>(call);
        if (workspace != null) {
            valueCall.removeAll(sizeVars.values());
            valueCall.set(0, m.workspace);
            call.set(0, m.arena);
        }
        c.addStatement("$T $L = $L($L)", JavaTypes.of(f.output()), value, valueName, String.join(", ", valueCall));
        String rows = names.newName("rows");
        c.addStatement("int $L = $L", rows, JavaTypes.size(JavaTypes.shape(f.output()), sizeVars).code());
        List<String> jac = new ArrayList<>();
        for (String p : wrt) {
            String v = names.newName(p + "Jacobian");
            c.addStatement("double[][] $L = $L", v, WorkspaceCode.matrix(m, rows, JavaTypes.size(shape(p), sizeVars).code()));
            jac.add(v);
        }
        fill(m, sizeVars, call, jac, jvp, vjp, rows);
        if (packed != null) {
            jac = List.of(joined(m, sizeVars, rows, jac));
        }
        if (workspace == null) {
            c.addStatement("return new $T($L, $L)", rec, value, String.join(", ", jac));
        } else {
            c.addStatement("return $L.jacobian.set($L, $L)", m.workspace, value, String.join(", ", jac));
        }
        return b.addCode(m.build()).build();
    }

    /**
     * The one matrix of a packed function's Jacobian, its columns those of each parameter's matrix {@code jac} in
     * order: joined into a new matrix, or in the workspace form copied into the arena's.
     */
    private String joined(MethodContext m, Map<String, String> sizeVars, String rows, List<String> jac) {
        String joined = m.names.newName("jacobian");
        if (m.arena == null) {
            m.code.addStatement("double[][] $L = $T.joinColumns($L, new double[][][] {$L})", joined,
                    dev.gradc.runtime.Rows.class, rows, String.join(", ", jac));
            return joined;
        }
        List<String> widths = new ArrayList<>();
        for (String p : wrt) {
            widths.add(JavaTypes.size(shape(p), sizeVars).textAt(Expr.ADDITIVE));
        }
        m.code.addStatement("double[][] $L = $L", joined, WorkspaceCode.matrix(m, rows, String.join(" + ", widths)));
        for (int k = 0; k < jac.size(); k++) {
            m.code.addStatement("$T.columnsInto($L, $L, $L)", dev.gradc.runtime.Rows.class, joined,
                    k == 0 ? "0" : String.join(" + ", widths.subList(0, k)), jac.get(k));
        }
        return joined;
    }

    /** Declares the parameters (each, or the one {@code F.Args} when packed) and adds them to {@code call}. */
    private void parameters(MethodSpec.Builder b, Names names, List<String> call) {
        if (packed != null) {
            String args = names.newName("args");
            b.addParameter(packed, args);
            call.add(args);
        }
        for (FunctionIr.ParamInfo p : packed == null ? f.params() : List.<FunctionIr.ParamInfo>of()) {
            String v = names.newName(p.name());
            b.addParameter(JavaTypes.of(p.type()), v);
            call.add(v);
        }
    }

    /** Fills the matrices {@code jac} column by column or row by row, or by a choice made per call when both exist. */
    private void fill(MethodContext m, Map<String, String> sizeVars, List<String> call, List<String> jac, String jvp,
                      String vjp, String rows) {
        CodeBlock.Builder c = m.code;
        if (jvp != null && vjp != null) {
            List<String> sizes = new ArrayList<>();
            for (String p : wrt) {
                sizes.add(JavaTypes.size(shape(p), sizeVars).textAt(Expr.ADDITIVE));
            }
            c.beginControlFlow("if ($L < $L)", String.join(" + ", sizes), rows);
            columns(m, sizeVars, call, jac, jvp);
            c.nextControlFlow("else");
            rows(m, call, jac, vjp, rows);
            c.endControlFlow();
        } else if (jvp != null) {
            columns(m, sizeVars, call, jac, jvp);
        } else {
            rows(m, call, jac, vjp, rows);
        }
    }

    /**
     * The leading parameters: the sizes, or in the workspace form the workspace (whose sizes and arena become
     * locals, and whose arena is the first argument of the helpers' calls, {@code call}'s first entry).
     */
    private MethodContext workspaceParams(MethodSpec.Builder b, Names names, Map<String, String> sizeVars,
            List<String> call) {
        String ws = workspace == null ? null : names.newName("workspace");
        if (ws != null) {
            b.addParameter(workspace, ws);
            call.add(ws);
        }
        for (String s : f.sizes()) {
            String v = names.newName(s);
            sizeVars.put(s, v);
            if (ws == null) {
                b.addParameter(TypeName.INT, v);
            }
            call.add(v);
        }
        MethodContext m = new MethodContext(names, sizeVars, cc.source());
        if (ws != null) {
            Workspaces.open(m, ws);
        }
        return m;
    }

    /** Column by column: a JVP with tangent e_j of one parameter (all other tangents zero). */
    private void columns(MethodContext m, Map<String, String> sizeVars, List<String> call, List<String> jac, String jvp) {
        CodeBlock.Builder c = m.code;
        Names names = m.names;
        List<String> args = new ArrayList<>(call);
        List<String> dots = tangents(m, sizeVars, args);
        enter(m);
        if (packed == null) {
            args.addAll(dots);
        }
        String column = names.newName("column");
        for (int k = 0; k < wrt.size(); k++) {
            Shape s = shape(wrt.get(k));
            String j = names.openLoop();
            c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, JavaTypes.size(s, sizeVars).code(), j);
            String slot = s.isScalar() ? dots.get(k) : dots.get(k) + "[" + j + "]";
            c.addStatement("$L = 1.0", slot);
            reenter(m);
            c.addStatement("double[] $L = $L($L)", column, jvp, String.join(", ", args));
            c.addStatement("$L = 0.0", slot);
            String i = names.openLoop();
            c.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, column, i);
            c.addStatement("$L[$L][$L] = $L[$L]", jac.get(k), i, j, column, i);
            c.endControlFlow();
            c.endControlFlow();
            names.closeLoop(i);
            names.closeLoop(j);
        }
    }

    /**
     * Declares each listed parameter's tangent, zero (a local, or a field of one {@code F.Args} added to
     * {@code args} when packed); gives the tangents' variables.
     */
    private List<String> tangents(MethodContext m, Map<String, String> sizeVars, List<String> args) {
        CodeBlock.Builder c = m.code;
        String pack = packed == null ? null : PackedArgs.directions(m, packed, tangents);
        if (pack != null) {
            args.add(pack);
        }
        List<String> fields = PackedArgs.fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
        List<String> dots = new ArrayList<>();
        for (String p : wrt) {
            Shape s = shape(p);
            String d = pack != null ? pack + "." + fields.get(f.paramIndex(p)) : m.names.newName(p + "Dot");
            if (s.isScalar() && (pack == null || tangents != null)) {
                // the workspace's directions were left as they were if the last call failed in the middle
                c.addStatement(pack == null ? "double $L = 0.0" : "$L = 0.0", d);
            } else if (!s.isScalar()) {
                c.addStatement(pack == null ? "double[] $L = $L" : "$L = $L", d,
                        WorkspaceCode.zeros(m, JavaTypes.size(s, sizeVars).code()));
            }
            dots.add(d);
        }
        return dots;
    }

    /** Row by row: a VJP with seed e_i; row i of each parameter's Jacobian is its adjoint. */
    private void rows(MethodContext m, List<String> call, List<String> jac, String vjp, String rows) {
        CodeBlock.Builder c = m.code;
        Names names = m.names;
        boolean scalarOut = JavaTypes.shape(f.output()).isScalar();
        String seed = names.newName("seed");
        if (scalarOut) {
            c.addStatement("double $L = 0.0", seed);
        } else {
            c.addStatement("double[] $L = $L", seed, WorkspaceCode.zeros(m, rows));
        }
        enter(m);
        List<String> args = new ArrayList<>(call);
        args.add(seed);
        String i = names.openLoop();
        String adjoints = names.newName("adjoints");
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, rows, i);
        String slot = scalarOut ? seed : seed + "[" + i + "]";
        c.addStatement("$L = 1.0", slot);
        reenter(m);
        c.addStatement("double[][] $L = $L($L)", adjoints, vjp, String.join(", ", args));
        c.addStatement("$L = 0.0", slot);
        for (int k = 0; k < jac.size(); k++) {
            if (m.arena == null) {
                c.addStatement("$L[$L] = $L[$L]", jac.get(k), i, adjoints, k);
            } else {
                // the adjoints are the arena's, reused by the next row's call: copied into the workspace's matrix
                c.addStatement("$T.arraycopy($L[$L], 0, $L[$L], 0, $L[$L].length)", System.class, adjoints, k,
                        jac.get(k), i, adjoints, k);
            }
        }
        c.endControlFlow();
        names.closeLoop(i);
    }

    /** In the workspace form, marks the arena before the helper calls of a loop; nothing otherwise. */
    private static void enter(MethodContext m) {
        if (m.arena != null) {
            m.code.addStatement("$L.enter()", m.arena);
        }
    }

    /** In the workspace form, lets the next helper call reuse the memory of the last one (copied out already). */
    private static void reenter(MethodContext m) {
        if (m.arena != null) {
            m.code.addStatement("$L.reenter()", m.arena);
        }
    }
}
