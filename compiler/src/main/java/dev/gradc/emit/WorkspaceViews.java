package dev.gradc.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The result view of a workspace form ({@code F.GradView}): the accessors of the record the allocating form
 * returns ({@code value()}, one per parameter), over fields the method sets on every call, and
 * {@code toRecord()} for a copy that outlives the next call.
 */
final class WorkspaceViews {

    private WorkspaceViews() {
    }

    /**
     * The view of {@code record} with these components; those at the indices {@code owned} are objects the view
     * owns (a packed function's {@code F.Args}: created once, their fields set by the method, not by {@code set}),
     * which {@code toRecord()} copies with {@code copier} (null when none are owned).
     */
    static TypeSpec view(ClassName view, ClassName record, List<String> components, List<TypeName> types, String method,
                         MethodSpec copier, java.util.Set<Integer> owned) {
        TypeSpec.Builder b = TypeSpec.classBuilder(view.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The results of the last {@code $L} call with a workspace, as {@link $L} has them. They\n"
                        + "belong to the workspace: its next call overwrites them; {@link #toRecord()} copies them.\n",
                        method, record.simpleName());
        MethodSpec.Builder set = MethodSpec.methodBuilder("set").addModifiers(Modifier.PRIVATE).returns(view);
        List<CodeBlock> copies = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            String c = components.get(i);
            TypeName t = types.get(i);
            if (owned.contains(i)) {
                b.addField(FieldSpec.builder(t, c, Modifier.PRIVATE, Modifier.FINAL).initializer("new $T()", t).build());
            } else {
                b.addField(FieldSpec.builder(t, c, Modifier.PRIVATE).build());
                set.addParameter(t, c).addStatement("this.$L = $L", c, c);
            }
            b.addMethod(MethodSpec.methodBuilder(c).addModifiers(Modifier.PUBLIC).returns(t)
                    .addJavadoc(i == 0 ? CodeBlock.of("The value.\n") : owned.contains(i)
                            ? CodeBlock.of("The {@code $L}, one field per parameter: this view's own, set by every call.\n", c)
                            : CodeBlock.of("The part of {@code $L}.\n", c))
                    .addStatement("return $L", c).build());
            copies.add(owned.contains(i) ? CodeBlock.of("$N($L)", copier, c)
                    : t.equals(JavaTypes.DOUBLE_ARRAY) ? CodeBlock.of("$L.clone()", c)
                    : t instanceof com.palantir.javapoet.ArrayTypeName
                            ? CodeBlock.of("$T.stream($L).map(double[]::clone).toArray(double[][]::new)", java.util.Arrays.class, c)
                            : CodeBlock.of("$L", c));
        }
        b.addMethod(MethodSpec.constructorBuilder().build());
        if (copier != null) {
            b.addMethod(copier);
        }
        b.addMethod(set.addStatement("return this").build());
        b.addMethod(MethodSpec.methodBuilder("toRecord").addModifiers(Modifier.PUBLIC).returns(record)
                .addJavadoc("A record of these results with arrays of its own, valid after the workspace's next call.\n")
                .addStatement("return new $T($L)", record, CodeBlock.join(copies, ", ")).build());
        return b.build();
    }
}
