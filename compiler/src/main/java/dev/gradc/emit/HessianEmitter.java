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

    HessianEmitter(GraphMethod.ClassContext cc, FunctionIr f, ClassName holder) {
        this.cc = cc;
        this.f = f;
        this.holder = holder;
    }

    /** {@code record Hessian(double value, <one gradient component per parameter>, double[][] hessian)}. */
    TypeSpec record() {
        List<TypeName> types = new ArrayList<>();
        types.add(JavaTypes.of(f.output()));
        for (String p : wrt) {
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
    List<MethodSpec> emitWorkspace(Request r, String name, ClassName ws) {
        workspace = ws;
        try {
            return emit(r, name);
        } finally {
            workspace = null;
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
        components = Records.components(wrt);
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

    private MethodSpec hessian(String name, String hvp) {
        Names names = new Names(cc.reservedLocals());
        Map<String, String> sizeVars = new LinkedHashMap<>();
        ClassName rec = holder.nestedClass(workspace == null ? "Hessian" : "HessianView");
        MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(rec);
        if (workspace == null) {
            b.addJavadoc("The value of {@code $L}, its gradient and its Hessian with respect to "
                    + "{@code $L}\n(forward over reverse: one Hessian-vector product per column).\n",
                    f.name(), String.join(", ", wrt));
        } else {
            b.addJavadoc("$L", Workspaces.doc(name));
        }
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
        List<GraphMethod.Arg> params = new ArrayList<>();
        List<Expr> vars = new ArrayList<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            String v = names.newName(p.name());
            b.addParameter(JavaTypes.of(p.type()), v);
            call.add(v);
            params.add(new GraphMethod.Arg(p.name(), p.type()));
            vars.add(Expr.atom(v));
        }
        MethodContext m = new MethodContext(names, sizeVars, cc.source());
        if (ws != null) {
            Workspaces.open(m, ws);
            call.set(0, m.arena);
        }
        new GraphMethod(cc, name, true, rec, f.sizes(), params).checks(m, vars, f.graph());
        CodeBlock.Builder c = m.code;
        List<String> sizes = new ArrayList<>();
        List<String> dots = new ArrayList<>();
        for (String p : wrt) {
            Shape s = shape(p);
            String size = names.newName(p + "Size");
            c.addStatement("int $L = $L", size, JavaTypes.size(s, sizeVars).code());
            sizes.add(size);
            String d = names.newName(p + "Dot");
            if (s.isScalar()) {
                c.addStatement("double $L = 0.0", d);
            } else {
                c.addStatement("double[] $L = $L", d, WorkspaceCode.zeros(m, size));
            }
            dots.add(d);
        }
        String n = names.newName("n");
        c.addStatement("int $L = $L", n, String.join(" + ", sizes));
        String h = names.newName(matrix);
        c.addStatement("double[][] $L = $L", h, WorkspaceCode.matrix(m, n, n));
        List<String> args = new ArrayList<>(call);
        args.addAll(dots);
        String results = names.newName("results");
        c.addStatement("double[][] $L = null", results);
        String column = names.newName("column");
        c.addStatement("int $L = 0", column);
        if (ws != null) {
            // each column's call reuses the last one's memory (copied into the matrix); the last results stay
            c.addStatement("$L.enter()", m.arena);
        }
        for (int k = 0; k < wrt.size(); k++) {
            String j = names.openLoop();
            c.beginControlFlow("for (int $L = 0; $L < $L; $L++, $L++)", j, j, sizes.get(k), j, column);
            String slot = shape(wrt.get(k)).isScalar() ? dots.get(k) : dots.get(k) + "[" + j + "]";
            c.addStatement("$L = 1.0", slot);
            if (ws != null) {
                c.addStatement("$L.reenter()", m.arena);
            }
            c.addStatement("$L = $L($L)", results, hvp, String.join(", ", args));
            c.addStatement("$L = 0.0", slot);
            c.addStatement("$T.column($L, $L, $L, $L, $L)", dev.gradc.runtime.Rows.class, h, column, results,
                    1 + wrt.size(), wrt.size());
            c.endControlFlow();
            names.closeLoop(j);
        }
        c.beginControlFlow("if ($L == null)", results);
        c.addStatement("$L = $L($L)", results, hvp, String.join(", ", args));
        c.endControlFlow();
        List<String> out = new ArrayList<>();
        out.add(f.output() instanceof Type.Real real && !real.isScalar() ? results + "[0]" : results + "[0][0]");
        for (int k = 0; k < wrt.size(); k++) {
            out.add(shape(wrt.get(k)).isScalar() ? results + "[" + (1 + k) + "][0]" : results + "[" + (1 + k) + "]");
        }
        out.add(h);
        if (ws == null) {
            c.addStatement("return new $T($L)", rec, String.join(", ", out));
        } else {
            c.addStatement("return $L.hessian.set($L)", ws, String.join(", ", out));
        }
        return b.addCode(c.build()).build();
    }
}
