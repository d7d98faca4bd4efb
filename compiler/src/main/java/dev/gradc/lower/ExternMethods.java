package dev.gradc.lower;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.RuleMessages;
import dev.gradc.syntax.Ast;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the Java method an {@code extern fn} binds, on the compiler's class path: a {@code public static}
 * method of that name whose parameters and result are the Java forms of the declared types (real scalar
 * {@code double}, real array {@code double[]}, int {@code int}). Reports what was found otherwise.
 */
final class ExternMethods {

    private ExternMethods() {
    }

    static Method resolve(Ast.Function f, ClassLoader loader, Diagnostics d) {
        String target = f.extern().target();
        int dot = target.lastIndexOf('.');
        String className = target.substring(0, dot);
        String name = target.substring(dot + 1);
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            d.error(f.extern().span(), RuleMessages.externClassNotFound(className, target));
            return null;
        }
        Class<?>[] params = f.params().stream().map(p -> javaType(p.type())).toArray(Class<?>[]::new);
        Class<?> result = javaType(f.returnType());
        String wanted = result.getSimpleName() + " " + name + "(" + Arrays.stream(params)
                .map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
        List<String> found = new ArrayList<>();
        for (Method m : c.getMethods()) {
            if (!m.getName().equals(name)) {
                continue;
            }
            if (Arrays.equals(m.getParameterTypes(), params) && m.getReturnType() == result) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    d.error(f.extern().span(), RuleMessages.externNotStatic(target, describe(m)));
                    return null;
                }
                return m;
            }
            found.add(describe(m));
        }
        found.sort(null);
        d.error(f.extern().span(), RuleMessages.externNoMethod(target, wanted, found));
        return null;
    }

    private static Class<?> javaType(Ast.TypeRef t) {
        if (t.base().equals("int")) {
            return t.dims().isEmpty() ? int.class : int[].class;
        }
        return t.dims().isEmpty() ? double.class : double[].class;
    }

    private static String describe(Method m) {
        return (Modifier.isStatic(m.getModifiers()) ? "static " : "") + m.getReturnType().getSimpleName() + " "
                + m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ")) + ")";
    }
}
