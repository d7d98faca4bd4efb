package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.While;
import dev.gradc.runtime.IterationLimitException;
import java.util.ArrayList;
import java.util.List;

/**
 * Regions and stacks as plain Java: a {@code while} region is a Java {@code while} whose loop-carried values
 * are locals reassigned at the end of each iteration, with an iteration counter against the class's limit;
 * a {@code cond} is an {@code if}/{@code else} assigning its results; stacks are the runtime's primitive stacks.
 */
final class RegionCode {

    private final GraphCode gc;

    RegionCode(GraphCode gc) {
        this.gc = gc;
    }

    void loop(Node n, While w) {
        gc.m.comment(n);
        int carried = w.carried();
        List<String> vars = new ArrayList<>();
        List<Expr> params = new ArrayList<>();
        boolean[] owned = new boolean[carried];
        for (int k = 0; k < n.inputs().size(); k++) {
            int in = gc.info.rep(n.input(k));
            Expr init = gc.value(in);
            if (k >= carried) {
                params.add(init);
                continue;
            }
            String var;
            if (gc.mayReuse(in) && !vars.contains(init.code())) {
                var = init.code();
                owned[k] = JavaTypes.isArray(gc.g.type(in));
            } else {
                Type t = gc.g.type(in);
                String label = gc.info.projLabel(n.id(), k);
                String inner = w.body().node(w.body().params().get(k)).label();
                String outer = t instanceof Type.Stack ? "stack" : gc.g.node(in).label();
                var = gc.m.names.newName(label != null ? label : inner != null ? inner : outer);
                gc.m.code.addStatement("$T $L = $L", JavaTypes.of(t), var, JavaText.code(init));
            }
            vars.add(var);
            params.add(Expr.atom(var));
        }
        String counter = gc.m.names.newName("iterations");
        gc.m.code.addStatement("long $L = 0", counter);
        CodeBlock.Builder outer = gc.m.swap(CodeBlock.builder());
        GraphCode cond = gc.sub(w.condition(), params, true);
        List<Expr> c = cond.emitAll();
        CodeBlock condCode = gc.m.swap(outer).build();
        if (condCode.isEmpty()) {
            gc.m.code.beginControlFlow("while ($L)", JavaText.code(c.get(0)));
        } else {
            gc.m.code.beginControlFlow("while (true)");
            gc.m.code.add(condCode);
            gc.m.code.beginControlFlow("if (!$L)", JavaText.code(c.get(0).at(Expr.ATOM)));
            gc.m.code.addStatement("break");
            gc.m.code.endControlFlow();
        }
        String limit = gc.m.limit();
        gc.m.code.beginControlFlow("if (++$L > $L)", counter, limit);
        gc.m.code.addStatement("throw new $T($S, $L)", IterationLimitException.class, w.where(), limit);
        gc.m.code.endControlFlow();
        GraphCode body = gc.body(w.body(), params, owned);
        List<Expr> next = body.emitAll();
        assignCarried(vars, next, w.body());
        gc.m.code.endControlFlow();
        gc.m.commented(n);
        gc.bindParts(n.id(), vars);
    }

    /** {@code vars[k] = next[k]} for every k, as one parallel assignment. */
    private void assignCarried(List<String> vars, List<Expr> next, Graph body) {
        List<Expr> values = new ArrayList<>(next);
        for (int k = 0; k < vars.size(); k++) {
            if (values.get(k).code().equals(vars.get(k))) {
                continue;
            }
            for (int j = 0; j < k; j++) {
                if (!values.get(j).code().equals(vars.get(j)) && mentions(values.get(k).code(), vars.get(j))) {
                    String t = gc.m.names.temp();
                    Type type = body.type(body.params().get(k));
                    gc.m.code.addStatement("$T $L = $L", JavaTypes.of(type), t, JavaText.code(values.get(k)));
                    values.set(k, Expr.atom(t));
                    break;
                }
            }
        }
        for (int k = 0; k < vars.size(); k++) {
            if (!values.get(k).code().equals(vars.get(k))) {
                gc.m.code.addStatement("$L = $L", vars.get(k), JavaText.code(values.get(k)));
            }
        }
    }

    /** Whether {@code code} names the variable {@code var} (as a whole word). */
    static boolean mentions(String code, String var) {
        int from = 0;
        while (true) {
            int i = code.indexOf(var, from);
            if (i < 0) {
                return false;
            }
            int end = i + var.length();
            boolean startOk = i == 0 || !Character.isJavaIdentifierPart(code.charAt(i - 1)) && code.charAt(i - 1) != '.';
            boolean endOk = end == code.length() || !Character.isJavaIdentifierPart(code.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = i + 1;
        }
    }

    void cond(Node n, Cond c) {
        gc.m.comment(n);
        Type.Tuple tuple = c.resultType();
        List<String> vars = new ArrayList<>();
        for (int k = 0; k < tuple.parts().size(); k++) {
            String label = gc.info.projLabel(n.id(), k);
            String var = gc.m.names.newName(label != null ? label : "t");
            gc.m.code.addStatement("$T $L", JavaTypes.of(tuple.parts().get(k)), var);
            vars.add(var);
        }
        List<Expr> params = new ArrayList<>();
        for (int k = 1; k < n.inputs().size(); k++) {
            params.add(gc.value(n.input(k)));
        }
        gc.m.code.beginControlFlow("if ($L)", JavaText.code(gc.value(n.input(0))));
        branch(c.then(), params, vars);
        gc.m.code.nextControlFlow("else");
        gc.m.resetComment();
        branch(c.otherwise(), params, vars);
        gc.m.code.endControlFlow();
        gc.m.commented(n);
        gc.bindParts(n.id(), vars);
    }

    private void branch(Graph g, List<Expr> params, List<String> vars) {
        List<Expr> results = gc.sub(g, params, true).emitAll();
        for (int k = 0; k < vars.size(); k++) {
            gc.m.code.addStatement("$L = $L", vars.get(k), JavaText.code(results.get(k)));
        }
    }

    /** Stack ops; false if n is not one. A push or pop changes the stack in place: stacks are used linearly. */
    boolean stack(Node n) {
        if (n.op() instanceof StackNew s) {
            gc.m.comment(n);
            String name = gc.m.names.newName(n.label() != null ? n.label() : "stack");
            TypeName t = JavaTypes.stack(s.element());
            gc.m.code.addStatement("$T $L = new $T(maxKeptValues)", t, name, t);
            gc.bindVar(n.id(), name);
        } else if (n.op() instanceof Push) {
            gc.m.comment(n);
            String stack = gc.value(n.input(0)).code();
            Type element = ((Type.Stack) gc.g.type(n.input(0))).element();
            boolean block = element instanceof Type.Real r && !r.isScalar();
            gc.m.code.addStatement("$L.$L($L)", stack, block ? "pushAll" : "push", JavaText.code(gc.value(n.input(1))));
            gc.bindAlias(n.id(), stack);
        } else if (n.op() instanceof Pop) {
            gc.m.comment(n);
            String stack = gc.value(n.input(0)).code();
            Type element = ((Type.Stack) gc.g.type(n.input(0))).element();
            String name = gc.m.names.newName(gc.info.projLabel(n.id(), 1) != null ? gc.info.projLabel(n.id(), 1) : "t");
            if (element instanceof Type.Real r && !r.isScalar()) {
                gc.m.code.addStatement("double[] $L = $L.popArray($L)", name, stack,
                        JavaTypes.size(r.shape(), gc.m.sizeVars).code());
            } else {
                gc.m.code.addStatement("$T $L = $L.pop()", JavaTypes.of(element), name, stack);
            }
            gc.bindParts(n.id(), List.of(stack, name));
        } else {
            return false;
        }
        return true;
    }

    static boolean isParam(Node n) {
        return n.op() instanceof Param;
    }
}
