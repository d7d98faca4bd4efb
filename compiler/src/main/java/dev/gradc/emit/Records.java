package dev.gradc.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradc.ModuleNames;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/** The result records of derivative methods: {@code record Grad(double value, double x, double[] w)}. */
final class Records {

    /** Component names that would clash with the value, with each other, or with methods every record has. */
    private static final Set<String> TAKEN = Set.of("value", "tangent", "hashCode", "toString", "equals",
            "getClass", "notify", "notifyAll", "wait", "clone", "finalize", "toRecord");

    private Records() {
    }

    /** "value", then a component per parameter: its name, mangled if it is a keyword or clashes. */
    static List<String> components(List<String> params) {
        List<String> out = new ArrayList<>();
        out.add("value");
        for (String p : params) {
            String c = ModuleNames.identifier(p, "p");
            while (TAKEN.contains(c) || out.contains(c)) {
                c = c + "_";
            }
            out.add(c);
        }
        return out;
    }

    static TypeSpec record(String name, List<TypeName> types, List<String> components, String javadoc) {
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
        for (int i = 0; i < types.size(); i++) {
            ctor.addParameter(types.get(i), components.get(i));
        }
        return TypeSpec.recordBuilder(name).addModifiers(Modifier.PUBLIC).addJavadoc("$L", javadoc)
                .recordConstructor(ctor.build()).build();
    }

    /** {@code return new F.Grad(value, xBar, wBar);}, copying arrays that would otherwise be shared. */
    static void returnNew(MethodContext m, ClassName rec, List<Expr> results, List<Type> types) {
        List<String> seen = new ArrayList<>();
        List<CodeBlock> args = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            args.add(GraphMethod.returned(m, results.get(i), types.get(i), seen));
        }
        m.code.addStatement("return new $T($L)", rec, CodeBlock.join(args, ", "));
    }
}
