package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Node;
import dev.gradc.ops.Extern;
import dev.gradc.runtime.ExternCallException;
import java.util.ArrayList;
import java.util.List;

/**
 * A call of an extern Java method, written as a direct static call (no reflection). Arrays go in as copies (a
 * program's arrays are values the method must not change); what the method throws (any exception or error but
 * OutOfMemoryError, which keeps its meaning) becomes an
 * {@link ExternCallException} naming the call's position in the program and the method; an array result is
 * checked to have the length the program declared.
 */
final class ExternCode {

    private ExternCode() {
    }

    static void emit(GraphCode gc, Node n, Extern e) {
        List<CodeBlock> args = new ArrayList<>();
        for (int in : n.inputs()) {
            String v = gc.value(in).code();
            args.add(JavaTypes.isArray(gc.g.type(in)) ? CodeBlock.of("$L.clone()", v) : CodeBlock.of("$L", v));
        }
        CodeBlock call = CodeBlock.of("$T.$L($L)", e.method().getDeclaringClass(), e.method().getName(),
                CodeBlock.join(args, ", "));
        String name = gc.declareName(n);
        boolean array = JavaTypes.isArray(n.type());
        String failure = gc.m.names.newName("failure");
        gc.m.code.addStatement("$T $L", JavaTypes.of(n.type()), name);
        gc.m.code.beginControlFlow("try");
        gc.m.code.addStatement("$L = $L", name, call);
        gc.m.code.nextControlFlow("catch ($T $L)", Throwable.class, failure);
        gc.m.code.addStatement("throw $T.threw($S, $S, $L)", ExternCallException.class, e.where(), e.target(), failure);
        gc.m.code.endControlFlow();
        if (array) {
            String length = JavaTypes.size(JavaTypes.shape(n.type()), gc.m.sizeVars).code();
            gc.m.code.addStatement("$T.checked($L, $L, $S, $S)", ExternCallException.class, name, length, e.where(),
                    e.target());
        }
    }
}
