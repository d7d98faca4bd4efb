package dev.gradc.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.runtime.Checks;
import dev.gradc.runtime.workspace.Arena;
import dev.gradc.runtime.workspace.WorkspaceChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The workspace forms of one function's methods: a class {@code F.Workspace} whose constructor takes and checks
 * the size names, holding an {@link Arena} and one result view per derivative record ({@code F.GradView}); and
 * for each method {@code f(sizes…, args…)} an overload {@code f(F.Workspace, args…)} with the same body, whose
 * memory comes from the workspace ({@link WorkspaceCode}) and whose results are written into the view instead
 * of a new record. Once a workspace has seen a call, a call with the same trip counts allocates nothing.
 */
final class Workspaces {

    private final GraphMethod.ClassContext cc;
    private final FunctionIr f;
    private final ClassName holder;
    private final ClassName workspace;
    private final List<TypeSpec> views = new ArrayList<>();
    private final List<FieldSpec> viewFields = new ArrayList<>();

    Workspaces(GraphMethod.ClassContext cc, FunctionIr f, ClassName holder) {
        this.cc = cc;
        this.f = f;
        this.holder = holder;
        this.workspace = holder.nestedClass("Workspace");
    }

    /** The workspace form of the value method; {@code packs}: the parameters it takes packed ({@link PackedArgs}). */
    List<MethodSpec> value(String name, List<GraphMethod.Arg> args, Graph g, List<GraphMethod.Pack> packs) {
        GraphMethod gm = new GraphMethod(cc, name, true, JavaTypes.of(f.output()), f.sizes(), args).inWorkspace(workspace);
        packs.forEach(gm::packing);
        return gm.build(g, doc(name), (m, r) -> m.code.addStatement("return $L",
                GraphMethod.returned(m, r.get(0), f.output(), new ArrayList<>())));
    }

    /**
     * The workspace form of a derivative method whose allocating form returns record {@code record}: it returns
     * the workspace's view of that record, {@code F.<record>View}, with the same accessors. {@code packs}: the
     * parameters it takes packed; {@code groups}: when its results are packed too (a function with too many
     * parameters, {@link PackedArgs}), the names of the {@code F.Args} they go into, {@code wrt}'s parameters each
     * (a gradient's one, an HVP's two: the view owns those objects and the method sets their fields); else empty.
     */
    List<MethodSpec> derivative(String name, String record, List<GraphMethod.Arg> args, Graph g, List<String> components,
            List<Type> types, List<GraphMethod.Pack> packs, List<String> groups, List<String> wrt) {
        List<TypeName> viewTypes = types.stream().map(JavaTypes::of).toList();
        List<String> viewComponents = components;
        if (!groups.isEmpty()) {
            viewComponents = new ArrayList<>(List.of(components.get(0)));
            viewComponents.addAll(groups);
            List<TypeName> packed = new ArrayList<>(List.of(viewTypes.get(0)));
            groups.forEach(x -> packed.add(holder.nestedClass(PackedArgs.CLASS)));
            viewTypes = packed;
        }
        int size = viewComponents.size();
        ClassName view = view(record, viewComponents, viewTypes, name, java.util.stream.IntStream
                .range(size - groups.size(), size).boxed().collect(java.util.stream.Collectors.toSet()));
        String field = Character.toLowerCase(record.charAt(0)) + record.substring(1);
        GraphMethod gm = new GraphMethod(cc, name, true, view, f.sizes(), args).inWorkspace(workspace);
        packs.forEach(gm::packing);
        return gm.build(g, doc(name), (m, res) -> {
            List<String> seen = new ArrayList<>();
            List<CodeBlock> out = new ArrayList<>();
            for (int i = 0; i < res.size(); i++) {
                out.add(GraphMethod.returned(m, res.get(i), types.get(i), seen));
            }
            if (!groups.isEmpty()) {
                out = PackedArgs.setOwned(m, f, holder, field, groups, wrt, out);
            }
            m.code.addStatement("return $L.$L.set($L)", m.workspace, field, CodeBlock.join(out, ", "));
        });
    }

    /**
     * Registers the view {@code F.<record>View} and the workspace's field {@code <record>} holding it; its
     * components at the indices {@code owned} are {@code F.Args} objects of its own ({@link WorkspaceViews}).
     */
    private ClassName view(String record, List<String> components, List<TypeName> types, String method,
                           Set<Integer> owned) {
        ClassName view = holder.nestedClass(record + "View");
        String field = Character.toLowerCase(record.charAt(0)) + record.substring(1);
        views.add(WorkspaceViews.view(view, holder.nestedClass(record), components, types, method,
                owned.isEmpty() ? null : PackedArgs.copier(f, holder), owned));
        viewFields.add(FieldSpec.builder(view, field, Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T()", view).build());
        return view;
    }

    /**
     * The workspace form of {@code fJacobian}, returning {@code F.JacobianView}: a matrix per parameter, or with
     * packed parameters the one matrix over all of them; {@code packed}: whether they are.
     */
    List<MethodSpec> jacobian(JacobianEmitter j, dev.gradc.lower.Request r, String name, boolean packed) {
        List<MethodSpec> out = j.emitWorkspace(r, name, workspace, packed ? packedTangents() : null);
        List<TypeName> types = new ArrayList<>();
        types.add(JavaTypes.of(f.output()));
        for (int i = 1; i < j.componentNames().size(); i++) {
            types.add(com.palantir.javapoet.ArrayTypeName.of(JavaTypes.DOUBLE_ARRAY));
        }
        view("Jacobian", j.componentNames(), types, name, Set.of());
        return out;
    }

    /**
     * The workspace form of {@code fHessian}, returning {@code F.HessianView}: with packed parameters
     * ({@code packed}) its gradient is an {@code F.Args} the view owns, whose fields each call sets.
     */
    List<MethodSpec> hessian(HessianEmitter h, dev.gradc.lower.Request r, String name, boolean packed) {
        List<TypeName> types = new ArrayList<>();
        types.add(JavaTypes.of(f.output()));
        if (packed) {
            types.add(holder.nestedClass(PackedArgs.CLASS));
        } else {
            r.wrt().forEach(p -> types.add(JavaTypes.of(f.params().get(f.paramIndex(p)).type())));
        }
        types.add(com.palantir.javapoet.ArrayTypeName.of(JavaTypes.DOUBLE_ARRAY));
        List<MethodSpec> out = h.emitWorkspace(r, name, workspace, packed ? packedTangents() : null);
        view("Hessian", h.componentNames(), types, name, packed ? Set.of(1) : Set.of());
        return out;
    }

    /** The name of the workspace's field holding the directions of a packed Jacobian's or Hessian's columns. */
    private static final String TANGENTS = "tangents";

    /**
     * Registers (once) the workspace's own {@code F.Args} for the unit directions of a packed function's Jacobian
     * or Hessian, which their workspace forms set instead of making one per call; gives the field's name.
     */
    private String packedTangents() {
        if (viewFields.stream().noneMatch(x -> x.name().equals(TANGENTS))) {
            ClassName args = holder.nestedClass(PackedArgs.CLASS);
            viewFields.add(FieldSpec.builder(args, TANGENTS, Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new $T()", args).build());
        }
        return TANGENTS;
    }

    /** The Javadoc of a workspace form of method {@code name}. */
    static String doc(String name) {
        return "{@link #" + name + "} computed in the memory of {@code workspace}, whose sizes it uses: the same\n"
                + "results, and once the workspace has seen a call with the same trip counts, no allocation.\n"
                + "<p>What it returns (the value's array, the view and its arrays) belongs to the workspace and is\n"
                + "overwritten by the workspace's next call; copy what must outlive it. One workspace per thread.\n";
    }

    /** {@code int B = workspace.sizes[0];} for each size, then the arena's {@code begin()}. */
    static void open(MethodContext m, String ws) {
        int k = 0;
        for (String v : m.sizeVars.values()) {
            m.code.addStatement("int $L = $L.sizes[$L]", v, ws, k++);
        }
        String arena = m.names.newName("arena");
        m.code.addStatement("$T $L = $L.arena", Arena.class, arena, ws);
        m.code.addStatement("$L.begin()", arena);
        m.workspace = ws;
        m.arena = arena;
    }

    /** Passes the arena on to a helper method split off m: a parameter {@code Arena arena}. */
    static void passArena(MethodSpec.Builder b, Names names, MethodContext m, String arena) {
        if (arena != null) {
            b.addParameter(Arena.class, names.claim(arena));
            m.arena = arena;
        }
    }

    /**
     * The argument checks of a workspace form: array lengths against the workspace's sizes, and that every
     * array the sizes give fits; the sizes themselves were checked when the workspace was made.
     */
    static void checks(MethodContext m, List<Expr> params, List<GraphMethod.Arg> args, Set<Shape> shapes) {
        Set<Shape> checked = new java.util.LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            Type t = args.get(i).type();
            Shape s = t instanceof Type.IntArray ia ? ia.shape() : t instanceof Type.Real r && !r.isScalar() ? r.shape() : null;
            if (s == null) {
                continue;
            }
            if (s.isStatic() && t instanceof Type.Real) {
                m.code.addStatement("$T.length($L, $L, $S)", Checks.class, params.get(i).code(),
                        JavaTypes.size(s, m.sizeVars).code(), args.get(i).name());
            } else {
                m.code.addStatement("$T.length($L, $L, $S, $S, $L)", WorkspaceChecks.class, params.get(i).code(),
                        GraphMethod.longCount(s, m.sizeVars), args.get(i).name(), s.toString(), m.workspace);
                checked.add(s);
            }
        }
        for (Shape s : shapes) {
            if (checked.add(s) && GraphMethod.countFactors(s) > 1) {
                m.code.addStatement("$T.fits($L, $S, $L)", WorkspaceChecks.class, GraphMethod.longCount(s, m.sizeVars),
                        s.toString(), m.workspace);
            }
        }
    }

    /** {@code F.Workspace} and the views, to add to the holder class. */
    List<TypeSpec> types(List<GraphMethod.Arg> args, List<String> methods) {
        List<TypeSpec> out = new ArrayList<>();
        out.add(workspaceType(args, methods));
        out.addAll(views);
        return out;
    }

    private TypeSpec workspaceType(List<GraphMethod.Arg> args, List<String> methods) {
        Names names = new Names(cc.reservedLocals());
        java.util.Map<String, String> sizeVars = new java.util.LinkedHashMap<>();
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A workspace for calls with these sizes; throws {@link IllegalArgumentException} for a "
                        + "negative one\nor a negative dimension computed from them.\n");
        for (String s : f.sizes()) {
            String v = names.newName(s);
            sizeVars.put(s, v);
            ctor.addParameter(TypeName.INT, v);
        }
        MethodContext m = new MethodContext(names, sizeVars, cc.source());
        for (var e : sizeVars.entrySet()) {
            GraphMethod.sizeCheck(m, cc, e.getKey(), e.getValue());
        }
        new GraphMethod(cc, "workspace", true, TypeName.VOID, f.sizes(), args).affineChecks(m);
        m.code.addStatement("this.sizes = new int[] {$L}", String.join(", ", sizeVars.values()));
        ctor.addCode(m.build());
        CodeBlock.Builder text = CodeBlock.builder();
        String prefix = holder.simpleName() + ".Workspace(";
        int k = 0;
        for (String s : f.sizes()) {
            text.add(k == 0 ? "return $S + sizes[$L]" : " + $S + sizes[$L]", (k == 0 ? prefix : ", ") + s + "=", k);
            k++;
        }
        text.add(k == 0 ? "return $S" : " + $S", k == 0 ? prefix + ")" : ")");
        StringBuilder links = new StringBuilder();
        for (String name : methods) {
            links.append(links.length() == 0 ? "" : ", ").append("{@link ").append(holder.enclosingClassName().simpleName()).append('#')
                    .append(name).append('}');
        }
        return TypeSpec.classBuilder("Workspace").addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The memory of the workspace forms of $L: sizes fixed when it is made, and every\n"
                        + "array, stack and result a call takes, kept for the next call.\n"
                        + "<p>Results are valid until the next call with the same workspace. Not thread-safe: use one\n"
                        + "workspace per thread.\n", links.toString())
                .addField(FieldSpec.builder(int[].class, "sizes", Modifier.PRIVATE, Modifier.FINAL).build())
                .addField(FieldSpec.builder(Arena.class, "arena", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T()", Arena.class).build())
                .addFields(viewFields)
                .addMethod(ctor.build())
                .addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).returns(String.class).addStatement(text.build()).build())
                .build();
    }
}
