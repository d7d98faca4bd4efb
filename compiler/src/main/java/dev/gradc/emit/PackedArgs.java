package dev.gradc.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.gradc.ModuleNames;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ParameterSlots;
import dev.gradc.lower.Request;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The parameters of a function too many for a Java method (past the JVM's 255 slots, {@link ParameterSlots})
 * passed packed: its holder class gets {@code public static final class Args} with one public field per
 * parameter, named after it; every generated method takes the sizes, then one {@code F.Args} (the JVP a second
 * one for the tangents of the parameters it is asked about), and a gradient or vector-Jacobian product returns
 * the value and an {@code F.Args} holding one adjoint per parameter asked about. So any number of parameters
 * compiles. An HVP takes the directions in a third {@code F.Args} and returns the gradient and the product in
 * two; a Hessian returns the gradient in one and the matrix over the parameters flattened in order, a Jacobian
 * one matrix whose columns run over the parameters in order. The workspace forms of the value and of the
 * gradient, VJP, JVP, HVP, Jacobian and Hessian take the same {@code F.Args}; their views own the {@code F.Args}
 * they return, whose fields each call sets ({@link #setOwned}), and {@code toRecord()} copies them
 * ({@link #copier}); the Jacobian's and Hessian's unit directions are an {@code F.Args} the workspace owns
 * ({@link #directions}).
 */
public final class PackedArgs {

    /** The name of the generated class in the function's holder class. */
    public static final String CLASS = "Args";

    private PackedArgs() {
    }

    /** Whether function f's generated methods take their parameters packed: one of them would pass the limit. */
    static boolean needed(FunctionIr f) {
        if (ParameterSlots.needed(f.sizes(), f.params(), f.output(), null) > ParameterSlots.LIMIT) {
            return true;
        }
        for (Request r : f.requests()) {
            if (ParameterSlots.needed(f.sizes(), f.params(), f.output(), r) > ParameterSlots.LIMIT) {
                return true;
            }
        }
        return false;
    }

    /** The field of each parameter: its name made a Java identifier, distinct from the others'. */
    public static List<String> fields(List<String> params) {
        List<String> out = new ArrayList<>();
        for (String p : params) {
            String f = ModuleNames.identifier(p, "p");
            while (out.contains(f)) {
                f = f + "_";
            }
            out.add(f);
        }
        return out;
    }

    /** {@code public static final class Args { public double x; ... }}. */
    static TypeSpec type(FunctionIr f) {
        List<String> fields = fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
        TypeSpec.Builder b = TypeSpec.classBuilder(CLASS).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The parameters of {@code $L}, too many for one Java method, as fields named after them"
                        + " (also a gradient's or tangent's parts, one per parameter).\n", f.name())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
        for (int i = 0; i < fields.size(); i++) {
            b.addField(FieldSpec.builder(JavaTypes.of(f.params().get(i).type()), fields.get(i), Modifier.PUBLIC).build());
        }
        return b.build();
    }

    /**
     * In a workspace form whose results are packed: sets the fields of the {@code F.Args} the view {@code field} of
     * the workspace owns, one group of {@code wrt.size()} results (after the value) per name in {@code groups};
     * gives what is left to pass to the view's {@code set}, the value.
     */
    static List<CodeBlock> setOwned(MethodContext m, FunctionIr f, ClassName holder, String field, List<String> groups,
                                    List<String> wrt, List<CodeBlock> results) {
        List<String> fields = fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
        for (int g = 0; g < groups.size(); g++) {
            String pack = m.names.newName(groups.get(g));
            m.code.addStatement("$T $N = $L.$L.$L", holder.nestedClass(CLASS), pack, m.workspace, field, groups.get(g));
            for (int i = 0; i < wrt.size(); i++) {
                m.code.addStatement("$N.$N = $L", pack, fields.get(f.paramIndex(wrt.get(i))),
                        results.get(1 + g * wrt.size() + i));
            }
        }
        return List.of(results.get(0));
    }

    /**
     * {@code private static F.Args copy(F.Args a)}: a new {@code F.Args} with a's fields, arrays copied (what a
     * workspace view's {@code toRecord()} gives for an {@code F.Args} the view owns).
     */
    static MethodSpec copier(FunctionIr f, ClassName holder) {
        ClassName args = holder.nestedClass(CLASS);
        MethodSpec.Builder b = MethodSpec.methodBuilder("copy").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(args).addParameter(args, "a").addStatement("$T c = new $T()", args, args);
        List<String> fields = fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
        for (int i = 0; i < fields.size(); i++) {
            String x = fields.get(i);
            if (JavaTypes.of(f.params().get(i).type()) instanceof com.palantir.javapoet.ArrayTypeName) {
                b.addStatement("c.$N = a.$N == null ? null : a.$N.clone()", x, x, x);
            } else {
                b.addStatement("c.$N = a.$N", x, x);
            }
        }
        return b.addStatement("return c").build();
    }

    /**
     * Declares the {@code F.Args} ({@code args}) of the unit directions of a Jacobian's or Hessian's columns: a new
     * one, or in a workspace form the workspace's field {@code field}; gives its variable.
     */
    static String directions(MethodContext m, ClassName args, String field) {
        String pack = m.names.newName("tangents");
        if (field == null) {
            m.code.addStatement("$T $L = new $T()", args, pack, args);
        } else {
            m.code.addStatement("$T $L = $L.$L", args, pack, m.workspace, field);
        }
        return pack;
    }

    /** The pack of all of f's parameters (args [0, n) of a method), parameter {@code args}. */
    static GraphMethod.Pack all(FunctionIr f, ClassName holder) {
        List<String> names = f.params().stream().map(FunctionIr.ParamInfo::name).toList();
        return new GraphMethod.Pack(holder.nestedClass(CLASS), "args", 0, names.size(), fields(names));
    }

    /** The pack of the tangents of the parameters in {@code wrt}, args [from, from + |wrt|), parameter {@code tangents}. */
    static GraphMethod.Pack tangents(FunctionIr f, ClassName holder, List<String> wrt, int from) {
        List<String> fields = fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
        List<String> taken = new ArrayList<>();
        for (String p : wrt) {
            taken.add(fields.get(f.paramIndex(p)));
        }
        return new GraphMethod.Pack(holder.nestedClass(CLASS), "tangents", from, from + wrt.size(), taken);
    }

    /**
     * {@code return new F.Grad(value, adjoints);} with the adjoints, results 1.., set on a new {@code F.Args} one
     * per parameter of {@code wrt} (the others keep their defaults); an HVP's results 1.. are two such groups,
     * the gradient and the product, each on an {@code F.Args} of its own.
     */
    static void returnNew(MethodContext m, FunctionIr f, ClassName holder, ClassName rec, List<Expr> results,
                          List<Type> types, List<String> wrt) {
        List<String> fields = fields(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
        List<String> seen = new ArrayList<>();
        CodeBlock value = GraphMethod.returned(m, results.get(0), types.get(0), seen);
        int groups = (results.size() - 1) / wrt.size();
        List<String> packs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String pack = m.names.newName(groups == 1 ? "adjoints" : g == 0 ? "gradient" : "hvp");
            m.code.addStatement("$T $N = new $T()", holder.nestedClass(CLASS), pack, holder.nestedClass(CLASS));
            for (int i = 0; i < wrt.size(); i++) {
                int r = 1 + g * wrt.size() + i;
                m.code.addStatement("$N.$N = $L", pack, fields.get(f.paramIndex(wrt.get(i))),
                        GraphMethod.returned(m, results.get(r), types.get(r), seen));
            }
            packs.add(pack);
        }
        m.code.addStatement("return new $T($L, $L)", rec, value, String.join(", ", packs));
    }
}
