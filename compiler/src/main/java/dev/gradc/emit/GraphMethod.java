package dev.gradc.emit;

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
    record ClassContext(SourceFile source, Set<String> reservedLocals, Names methodNames) {
    }

    private final ClassContext cc;
    private final String name;
    private final boolean isPublic;
    private final TypeName returns;
    private final List<String> sizes;
    private final List<Arg> args;

    GraphMethod(ClassContext cc, String name, boolean isPublic, TypeName returns, List<String> sizes, List<Arg> args) {
        this.cc = cc;
        this.name = name;
        this.isPublic = isPublic;
        this.returns = returns;
        this.sizes = List.copyOf(sizes);
        this.args = List.copyOf(args);
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
        for (String s : sizes) {
            String v = names.newName(s);
            sizeVars.put(s, v);
            b.addParameter(TypeName.INT, v);
        }
        MethodContext m = new MethodContext(names, sizeVars, cc.source());
        List<Expr> params = new ArrayList<>();
        for (Arg a : args) {
            String v = names.newName(a.name());
            b.addParameter(JavaTypes.of(a.type()), v);
            m.paramVars.add(v);
            params.add(Expr.atom(v));
        }
        if (isPublic) {
            checks(m, params);
        }
        GraphInfo info = new GraphInfo(g);
        List<MethodSpec> helpers = new ArrayList<>();
        List<Expr> out;
        if (SplitMethod.needsSplit(info)) {
            out = new SplitMethod(cc, name, info, sizeVars).emit(m, params, helpers);
        } else {
            out = new GraphCode(m, info, params, null, true).emitAll();
        }
        results.write(m, out);
        b.addCode(m.build());
        List<MethodSpec> all = new ArrayList<>();
        all.add(b.build());
        all.addAll(helpers);
        return all;
    }

    /** {@code Checks.size} for every size and {@code Checks.length} for every array parameter. */
    void checks(MethodContext m, List<Expr> params) {
        for (Map.Entry<String, String> s : m.sizeVars.entrySet()) {
            m.code.addStatement("$T.size($L, $S)", Checks.class, s.getValue(), s.getKey());
        }
        for (int i = 0; i < args.size(); i++) {
            Type t = args.get(i).type();
            if (!(t instanceof Type.Real r) || r.isScalar()) {
                continue;
            }
            Shape s = r.shape();
            Expr size = JavaTypes.size(s, m.sizeVars);
            if (s.isStatic()) {
                m.code.addStatement("$T.length($L, $L, $S)", Checks.class, params.get(i).code(), size.code(),
                        args.get(i).name());
            } else {
                m.code.addStatement("$T.length($L, $L, $S, $L)", Checks.class, params.get(i).code(), size.code(),
                        args.get(i).name(), shapeText(s, m.sizeVars));
            }
        }
    }

    /** {@code "[B,4] with B=" + B}: the declared shape and the sizes bound in this call. */
    private static CodeBlock shapeText(Shape s, Map<String, String> sizeVars) {
        CodeBlock.Builder c = CodeBlock.builder();
        String text = s + " with ";
        for (var d : s.dims()) {
            if (d instanceof dev.gradc.ir.Dim.Named named && !s.dims().subList(0, s.dims().indexOf(d)).contains(d)) {
                c.add(c.isEmpty() ? "$S + $L" : " + $S + $L", text + named.name() + "=", sizeVars.get(named.name()));
                text = ", ";
            }
        }
        return c.build();
    }

    /** The expression a result is returned as: a parameter or an array returned twice is copied. */
    static String returned(MethodContext m, Expr e, Type t, List<String> seen) {
        String code = e.code();
        if (JavaTypes.isArray(t) && (m.paramVars.contains(code) || seen.contains(code))) {
            return code + ".clone()";
        }
        seen.add(code);
        return code;
    }
}
