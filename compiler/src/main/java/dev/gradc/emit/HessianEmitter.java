package dev.gradc.emit;

import com.palantir.javapoet.ArrayTypeName;
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
 * {@code fHessian}: the value, the gradient per parameter and the Hessian over the requested parameters,
 * flattened in order (each row-major). Forward over reverse: a private method computes the Hessian-vector
 * product {@code H·ṗ} ({@link Derivatives#hvp}) together with the value and the gradient, and column j of H is
 * its product with basis vector j.
 */
final class HessianEmitter {

    private final GraphMethod.ClassContext cc;
    private final FunctionIr f;
    private final ClassName holder;
    private List<String> wrt;
    private List<String> components;
    private String matrix;
    /** The function's workspace class while the workspace form is written, else null. */
    private ClassName workspace;
    /** The parameters' {@code F.Args} when they are passed packed ({@link PackedArgs}), else null. */
    private final ClassName packed;
    /**
     * In the workspace form of a packed function, the workspace's field holding the {@code F.Args} of the unit
     * directions (set, not made, by every call); else null.
     */
    private String tangents;

    HessianEmitter(GraphMethod.ClassContext cc, FunctionIr f, ClassName holder, boolean packed) {
        this.cc = cc;
        this.f = f;
        this.holder = holder;
        this.packed = packed ? holder.nestedClass(PackedArgs.CLASS) : null;
    }

    /**
     * {@code record Hessian(double value, <one gradient component per parameter>, double[][] hessian)}; with
     * packed parameters {@code record Hessian(double value, F.Args gradient, double[][] hessian)}.
     */
    TypeSpec record() {
        List<TypeName> types = new ArrayList<>();
        types.add(JavaTypes.of(f.output()));
        if (packed != null) {
            types.add(packed);
        }
        for (String p : packed == null ? wrt : List.<String>of()) {
            types.add(JavaTypes.of(type(p)));
        }
        types.add(ArrayTypeName.of(JavaTypes.DOUBLE_ARRAY));
        List<String> names = new ArrayList<>(components);
        names.add(matrix);
        return Records.record("Hessian", types, names, "The value of {@code " + f.name()
                + "}, its gradient per parameter, and its Hessian over the parameters flattened in order.\n");
    }

    /**
     * The workspace form, {@code fHessian(F.Workspace, args…)} returning {@code F.HessianView}: its helper takes
     * the arena, and each column's call reuses the memory of the one before.
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

    /** The record's component names: "value", one per parameter, and the matrix's. */
    List<String> componentNames() {
        List<String> names = new ArrayList<>(components);
        names.add(matrix);
        return names;
    }

    List<MethodSpec> emit(Request r, String name) {
        wrt = r.wrt();
        components = packed == null ? Records.components(wrt) : List.of("value", "gradient");
        matrix = "hessian";
        while (components.contains(matrix)) {
            matrix = matrix + "_";
        }
        List<MethodSpec> methods = new ArrayList<>();
        String hvp = hvp(name + "Hvp", methods);
        methods.add(0, hessian(name, hvp));
        return methods;
    }

    private Type type(String p) {
        return f.params().get(f.paramIndex(p)).type();
    }

    private Shape shape(String p) {
        return JavaTypes.shape(type(p));
    }

    /** A private method giving {value}, each gradient component and each part of H·ṗ, all flat. */
    private String hvp(String suggestion, List<MethodSpec> methods) {
        String name = cc.methodNames().newName(suggestion);
        List<GraphMethod.Arg> args = new ArrayList<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            args.add(new GraphMethod.Arg(p.name(), p.type()));
        }
        for (String p : wrt) {
            args.add(new GraphMethod.Arg(p + "Dot", type(p)));
        }
        GraphMethod gm = new GraphMethod(cc, name, false, ArrayTypeName.of(JavaTypes.DOUBLE_ARRAY), f.sizes(), args);
        if (workspace != null) {
            gm.withArena();
        }
        if (packed != null) {
            gm.packing(PackedArgs.all(f, holder)).packing(PackedArgs.tangents(f, holder, wrt, f.params().size()));
        }
        Graph g = Derivatives.hvp(f, wrt);
        methods.addAll(gm.build(g, null, (m, res) -> {
            List<String> seen = new ArrayList<>();
            List<CodeBlock> flat = new ArrayList<>();
            for (int i = 0; i < res.size(); i++) {
                Type t = i == 0 ? f.output() : type(wrt.get((i - 1) % wrt.size()));
                CodeBlock c = GraphMethod.returned(m, res.get(i), t, seen);
                flat.add(JavaTypes.isArray(t) ? c : WorkspaceCode.single(m, c));
            }
            WorkspaceCode.returnRows(m, flat);
        }));
        return name;
    }

    /** The public method: one Hessian-vector product per column, with direction e_j. */
    private MethodSpec hessian(String name, String hvp) {
        Names names = new Names(cc.reservedLocals());
        Map<String, String> sizeVars = new LinkedHashMap<>();
        ClassName rec = holder.nestedClass(workspace == null ? "Hessian" : "HessianView");
        MethodSpec.Builder b = signature(name, rec);
        List<String> call = new ArrayList<>();
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
        List<Expr> vars = parameters(b, names, call);
        MethodContext m = new MethodContext(names, sizeVars, cc.source());
        if (ws != null) {
            Workspaces.open(m, ws);
            call.set(0, m.arena);
        }
        List<GraphMethod.Arg> params = f.params().stream().map(p -> new GraphMethod.Arg(p.name(), p.type())).toList();
        new GraphMethod(cc, name, true, rec, f.sizes(), params).checks(m, vars, f.graph());
        List<String> sizes = new ArrayList<>();
        List<String> dots = directions(m, sizes, call);
        String[] matrixAndResults = columns(m, hvp, call, sizes, dots);
        String h = matrixAndResults[0];
        String results = matrixAndResults[1];
        m.code.beginControlFlow("if ($L == null)", results);
        m.code.addStatement("$L = $L($L)", results, hvp, String.join(", ", call));
        m.code.endControlFlow();
        m.code.addStatement("return $L", returned(m, rec, ws, results, h));
        return b.addCode(m.code.build()).build();
    }

    /** The public method's name, modifiers, result and Javadoc. */
    private MethodSpec.Builder signature(String name, ClassName rec) {
        MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(rec);
        if (workspace == null) {
            b.addJavadoc("The value of {@code $L}, its gradient and its Hessian with respect to "
                    + "{@code $L}\n(forward over reverse: one Hessian-vector product per column).\n",
                    f.name(), String.join(", ", wrt));
        } else {
            b.addJavadoc("$L", Workspaces.doc(name));
        }
        return b;
    }

    /**
     * Declares the parameters (each, or the one {@code F.Args} when packed), adds them to {@code call} and gives
     * the expression of each parameter's value.
     */
    private List<Expr> parameters(MethodSpec.Builder b, Names names, List<String> call) {
        List<Expr> vars = new ArrayList<>();
        if (packed != null) {
            String args = names.newName("args");
            b.addParameter(packed, args);
            call.add(args);
            for (String field : PackedArgs.fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList())) {
                vars.add(Expr.atom(args + "." + field));
            }
            return vars;
        }
        for (FunctionIr.ParamInfo p : f.params()) {
            String v = names.newName(p.name());
            b.addParameter(JavaTypes.of(p.type()), v);
            call.add(v);
            vars.add(Expr.atom(v));
        }
        return vars;
    }

    /**
     * Declares each parameter's size ({@code sizes}) and its direction, zero (a local, or a field of one
     * {@code F.Args} when packed), added to {@code call}; gives the directions' variables.
     */
    private List<String> directions(MethodContext m, List<String> sizes, List<String> call) {
        CodeBlock.Builder c = m.code;
        String pack = null;
        if (packed != null) {
            pack = PackedArgs.directions(m, packed, tangents);
            call.add(pack);
        }
        List<String> fields = PackedArgs.fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
        List<String> dots = new ArrayList<>();
        for (String p : wrt) {
            Shape s = shape(p);
            String size = m.names.newName(p + "Size");
            c.addStatement("int $L = $L", size, JavaTypes.size(s, m.sizeVars).code());
            sizes.add(size);
            String d = pack != null ? pack + "." + fields.get(f.paramIndex(p)) : m.names.newName(p + "Dot");
            if (s.isScalar() && (pack == null || tangents != null)) {
                // the workspace's directions were left as they were if the last call failed in the middle
                c.addStatement(pack == null ? "double $L = 0.0" : "$L = 0.0", d);
            } else if (!s.isScalar()) {
                c.addStatement(pack == null ? "double[] $L = $L" : "$L = $L", d, WorkspaceCode.zeros(m, size));
            }
            dots.add(d);
            if (pack == null) {
                call.add(d);
            }
        }
        return dots;
    }

    /**
     * The loops over the columns: each sets one direction entry to 1, calls the product, writes the column.
     * Gives the variables of the matrix and of the last product's results.
     */
    private String[] columns(MethodContext m, String hvp, List<String> args, List<String> sizes, List<String> dots) {
        CodeBlock.Builder c = m.code;
        Names names = m.names;
        String n = names.newName("n");
        c.addStatement("int $L = $L", n, String.join(" + ", sizes));
        String h = names.newName(matrix);
        c.addStatement("double[][] $L = $L", h, WorkspaceCode.matrix(m, n, n));
        String results = names.newName("results");
        c.addStatement("double[][] $L = null", results);
        String column = names.newName("column");
        c.addStatement("int $L = 0", column);
        if (m.arena != null) {
            // each column's call reuses the last one's memory (copied into the matrix); the last results stay
            c.addStatement("$L.enter()", m.arena);
        }
        for (int k = 0; k < wrt.size(); k++) {
            String j = names.openLoop();
            c.beginControlFlow("for (int $L = 0; $L < $L; $L++, $L++)", j, j, sizes.get(k), j, column);
            String slot = shape(wrt.get(k)).isScalar() ? dots.get(k) : dots.get(k) + "[" + j + "]";
            c.addStatement("$L = 1.0", slot);
            if (m.arena != null) {
                c.addStatement("$L.reenter()", m.arena);
            }
            c.addStatement("$L = $L($L)", results, hvp, String.join(", ", args));
            c.addStatement("$L = 0.0", slot);
            c.addStatement("$T.column($L, $L, $L, $L, $L)", dev.gradc.runtime.Rows.class, h, column, results,
                    1 + wrt.size(), wrt.size());
            c.endControlFlow();
            names.closeLoop(j);
        }
        return new String[] {h, results};
    }

    /** What the method returns: the record (or the workspace's view) of the value, the gradient and the matrix. */
    private CodeBlock returned(MethodContext m, ClassName rec, String ws, String results, String h) {
        List<String> out = new ArrayList<>();
        out.add(f.output() instanceof Type.Real real && !real.isScalar() ? results + "[0]" : results + "[0][0]");
        List<String> gradient = new ArrayList<>();
        for (int k = 0; k < wrt.size(); k++) {
            gradient.add(shape(wrt.get(k)).isScalar() ? results + "[" + (1 + k) + "][0]" : results + "[" + (1 + k) + "]");
        }
        if (packed != null) {
            String adjoints = m.names.newName("gradient");
            if (ws == null) {
                m.code.addStatement("$T $L = new $T()", packed, adjoints, packed);
            } else { // the view's own, its fields set by every call
                m.code.addStatement("$T $L = $L.hessian.$L", packed, adjoints, ws, components.get(1));
            }
            List<String> fields = PackedArgs.fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
            for (int k = 0; k < wrt.size(); k++) {
                m.code.addStatement("$L.$L = $L", adjoints, fields.get(f.paramIndex(wrt.get(k))), gradient.get(k));
            }
            gradient = List.of(adjoints);
        }
        if (ws == null || packed == null) {
            out.addAll(gradient);
        }
        out.add(h);
        return ws == null ? CodeBlock.of("new $T($L)", rec, String.join(", ", out))
                : CodeBlock.of("$L.hessian.set($L)", ws, String.join(", ", out));
    }
}
