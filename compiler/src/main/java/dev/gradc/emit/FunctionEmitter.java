package dev.gradc.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.Request;
import dev.gradc.passes.Derivatives;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The methods and result records of one function: the value method, then one method per requested
 * derivative ({@code fGrad}, {@code fVjp}, {@code fJvp}, {@code fJacobian}, {@code fHessian}), each returning a record of the
 * function's holder class whose components are named after the parameters; then, for a function with
 * derivatives, the workspace form of each of those methods ({@link Workspaces}).
 */
final class FunctionEmitter {

    private final GraphMethod.ClassContext cc;
    private final FunctionIr f;
    private final String valueName;
    private final ClassName holder;
    private final String where;
    final List<MethodSpec> methods = new ArrayList<>();
    final List<TypeSpec> records = new ArrayList<>();
    final List<EmittedModule.DerivativeApi> apis = new ArrayList<>();
    /** The workspace forms, after the allocating ones; null for a function without derivatives. */
    private Workspaces workspaces;
    private final List<String> workspaceMethods = new ArrayList<>();
    private final List<MethodSpec> workspaceForms = new ArrayList<>();
    /** Whether the parameters are passed packed ({@link PackedArgs}): too many for a Java method. */
    private final boolean packed;

    FunctionEmitter(GraphMethod.ClassContext cc, FunctionIr f, String valueName, ClassName holder) {
        this.cc = cc;
        this.f = f;
        this.valueName = valueName;
        this.holder = holder;
        this.where = f.span() == null || !f.span().isKnown() ? "" : " ("
                + MethodContext.baseName(f.span().file()) + ":" + f.span().line() + ")";
        this.packed = PackedArgs.needed(f);
    }

    /** The method over the function's parameters (packed, when they are too many), then {@code extra} ones. */
    private GraphMethod method(String name, TypeName returns, List<GraphMethod.Arg> args) {
        GraphMethod m = new GraphMethod(cc, name, true, returns, f.sizes(), args);
        return packed ? m.packing(PackedArgs.all(f, holder)) : m;
    }

    void emit(List<String> derivativeNames) {
        GraphMethod value = method(valueName, JavaTypes.of(f.output()), args());
        Graph valueGraph = Derivatives.value(f);
        methods.addAll(value.build(valueGraph, "The value of {@code " + f.name() + "}" + where + ".\n",
                (m, r) -> m.code.addStatement("return $L",
                        GraphMethod.returned(m, r.get(0), f.output(), new ArrayList<>()))));
        if (!f.requests().isEmpty()) {
            workspaces = new Workspaces(cc, f, holder);
            workspaceMethods.add(valueName);
            workspaceForms.addAll(workspaces.value(valueName, args(), valueGraph, packs(null)));
        }
        for (int i = 0; i < f.requests().size(); i++) {
            Request r = f.requests().get(i);
            String name = derivativeNames.get(i);
            switch (r.kind()) {
                case GRAD -> reverse(r, name, "Grad", Derivatives.gradient(f, r.wrt()), false);
                case VJP -> reverse(r, name, "Vjp", Derivatives.vjp(f, r.wrt()), true);
                case JVP -> jvp(r, name);
                case HVP -> hvp(r, name);
                case JACOBIAN -> {
                    JacobianEmitter j = new JacobianEmitter(cc, f, valueName, holder, packed);
                    methods.addAll(j.emit(r, name));
                    records.add(j.record());
                    if (workspaces != null) {
                        workspaceMethods.add(name);
                        workspaceForms.addAll(workspaces.jacobian(j, r, name, packed));
                    }
                    apis.add(new EmittedModule.DerivativeApi(r.kind(), r.wrt(), name, "Jacobian"));
                }
                case HESSIAN -> {
                    HessianEmitter h = new HessianEmitter(cc, f, holder, packed);
                    methods.addAll(h.emit(r, name));
                    records.add(h.record());
                    if (workspaces != null) {
                        workspaceMethods.add(name);
                        workspaceForms.addAll(workspaces.hessian(h, r, name, packed));
                    }
                    apis.add(new EmittedModule.DerivativeApi(r.kind(), r.wrt(), name, "Hessian"));
                }
            }
        }
        methods.addAll(workspaceForms);
    }

    /**
     * Adds the workspace form of derivative method {@code name}, which returns record {@code record}; {@code extra}:
     * a pack of further parameters when packed (or null), {@code groups} the {@code F.Args} its results go into
     * when packed ({@link Workspaces#derivative}).
     */
    private void inWorkspace(String name, String record, List<GraphMethod.Arg> args, Graph g, List<String> components,
            List<Type> types, GraphMethod.Pack extra, List<String> groups, List<String> wrt) {
        if (workspaces == null) {
            return;
        }
        workspaceMethods.add(name);
        workspaceForms.addAll(workspaces.derivative(name, record, args, g, components, types, packs(extra),
                packed ? groups : List.of(), wrt));
    }

    /** The packs a method takes: none, or all parameters and then {@code extra} (when not null). */
    private List<GraphMethod.Pack> packs(GraphMethod.Pack extra) {
        if (!packed) {
            return List.of();
        }
        return extra == null ? List.of(PackedArgs.all(f, holder)) : List.of(PackedArgs.all(f, holder), extra);
    }

    List<GraphMethod.Arg> args() {
        List<GraphMethod.Arg> args = new ArrayList<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            args.add(new GraphMethod.Arg(p.name(), p.type()));
        }
        return args;
    }

    Type paramType(String name) {
        return f.params().get(f.paramIndex(name)).type();
    }

    /** {@code fGrad} or {@code fVjp}: results are the value and one adjoint per parameter in wrt. */
    private void reverse(Request r, String name, String recordName, Graph g, boolean seeded) {
        List<GraphMethod.Arg> args = args();
        if (seeded) {
            args.add(new GraphMethod.Arg("seed", f.output()));
        }
        List<TypeName> types = new ArrayList<>();
        types.add(JavaTypes.of(f.output()));
        List<Type> irTypes = new ArrayList<>();
        irTypes.add(f.output());
        for (String p : r.wrt()) {
            types.add(JavaTypes.of(paramType(p)));
            irTypes.add(paramType(p));
        }
        List<String> components = Records.components(r.wrt());
        if (packed) {
            types = List.of(types.get(0), holder.nestedClass(PackedArgs.CLASS));
            components = List.of("value", "adjoints");
        }
        records.add(Records.record(recordName, types, components, seeded
                ? "The value of {@code " + f.name() + "} and the vector-Jacobian product: for each parameter, "
                        + "seed^T (d" + f.name() + "/dp).\n"
                : "The value of {@code " + f.name() + "} and its gradient: one adjoint per parameter, by name.\n"));
        ClassName rec = holder.nestedClass(recordName);
        String doc = seeded
                ? "The value of {@code " + f.name() + "} and the vector-Jacobian product with {@code seed}" + where + ".\n"
                : "The value of {@code " + f.name() + "} and its gradient" + where + ".\n";
        GraphMethod gm = method(name, rec, args);
        methods.addAll(gm.build(g, doc, (m, res) -> returnNew(m, rec, res, irTypes, r.wrt())));
        inWorkspace(name, recordName, args, g, components, irTypes, null, List.of("adjoints"), r.wrt());
        apis.add(new EmittedModule.DerivativeApi(r.kind(), r.wrt(), name, recordName));
    }

    /** {@code fJvp}: extra parameters are the tangents {@code pDot}; results are the value and its tangent. */
    private void jvp(Request r, String name) {
        List<GraphMethod.Arg> args = args();
        for (String p : r.wrt()) {
            args.add(new GraphMethod.Arg(p + "Dot", paramType(p)));
        }
        TypeName out = JavaTypes.of(f.output());
        records.add(Records.record("Jvp", List.of(out, out), List.of("value", "tangent"),
                "The value of {@code " + f.name() + "} and its tangent, the sum of (d" + f.name()
                        + "/dp) pDot.\n"));
        ClassName rec = holder.nestedClass("Jvp");
        GraphMethod gm = method(name, rec, args);
        GraphMethod.Pack tangents = PackedArgs.tangents(f, holder, r.wrt(), f.params().size());
        if (packed) {
            gm.packing(tangents);
        }
        Graph g = Derivatives.jvp(f, r.wrt());
        methods.addAll(gm.build(g,
                "The value of {@code " + f.name() + "} and its Jacobian-vector product with the tangents" + where + ".\n",
                (m, res) -> Records.returnNew(m, rec, res, List.of(f.output(), f.output()))));
        inWorkspace(name, "Jvp", args, g, List.of("value", "tangent"), List.of(f.output(), f.output()), tangents,
                List.of(), r.wrt());
        apis.add(new EmittedModule.DerivativeApi(r.kind(), r.wrt(), name, "Jvp"));
    }

    /**
     * {@code fHvp}: extra parameters are the directions (one per parameter of the request: {@code v} when there
     * is one); results are the value, the gradient and the Hessian-vector product, forward over reverse.
     */
    private void hvp(Request r, String name) {
        List<GraphMethod.Arg> args = withDirections(r.wrt());
        List<String> parts = new ArrayList<>(r.wrt());
        r.wrt().forEach(p -> parts.add(p + "Hvp"));
        List<TypeName> types = new ArrayList<>();
        List<Type> irTypes = new ArrayList<>();
        types.add(JavaTypes.of(f.output()));
        irTypes.add(f.output());
        for (String p : parts) {
            String param = r.wrt().contains(p) ? p : p.substring(0, p.length() - 3);
            types.add(JavaTypes.of(paramType(param)));
            irTypes.add(paramType(param));
        }
        List<String> components = Records.components(parts);
        if (packed) {
            types = List.of(types.get(0), holder.nestedClass(PackedArgs.CLASS), holder.nestedClass(PackedArgs.CLASS));
            components = List.of("value", "gradient", "hvp");
        }
        records.add(Records.record("Hvp", types, components, "The value of {@code " + f.name()
                + "}, its gradient (one part per parameter) and the Hessian-vector product (pHvp = (H v)_p).\n"));
        ClassName rec = holder.nestedClass("Hvp");
        GraphMethod gm = method(name, rec, args);
        GraphMethod.Pack directions = PackedArgs.tangents(f, holder, r.wrt(), f.params().size()).named("directions");
        if (packed) {
            gm.packing(directions);
        }
        Graph g = Derivatives.hvp(f, r.wrt());
        methods.addAll(gm.build(g, "The value of {@code " + f.name()
                        + "}, its gradient and its Hessian-vector product with the directions" + where
                        + ", forward over reverse.\n",
                (m, res) -> returnNew(m, rec, res, irTypes, r.wrt())));
        inWorkspace(name, "Hvp", args, g, Records.components(parts), irTypes, directions, List.of("gradient", "hvp"),
                r.wrt());
        apis.add(new EmittedModule.DerivativeApi(r.kind(), r.wrt(), name, "Hvp"));
    }

    /** The parameters, then one direction per parameter of {@code wrt}: {@code v} when there is one, else {@code pV}. */
    private List<GraphMethod.Arg> withDirections(List<String> wrt) {
        List<GraphMethod.Arg> args = args();
        List<String> taken = new ArrayList<>(f.params().stream().map(FunctionIr.ParamInfo::name).toList());
        for (String p : wrt) {
            String v = wrt.size() == 1 ? "v" : p + "V";
            while (taken.contains(v)) {
                v = v + "_";
            }
            taken.add(v);
            args.add(new GraphMethod.Arg(v, paramType(p)));
        }
        return args;
    }

    /** {@code return new F.Rec(...)} of the results: each a component, or the adjoints on {@code F.Args} when packed. */
    private void returnNew(MethodContext m, ClassName rec, List<Expr> res, List<Type> irTypes, List<String> wrt) {
        if (packed) {
            PackedArgs.returnNew(m, f, holder, rec, res, irTypes, wrt);
        } else {
            Records.returnNew(m, rec, res, irTypes);
        }
    }

    /** The holder class, {@code public static final class F { records… }}, or null when there are none. */
    TypeSpec holderType() {
        if (records.isEmpty() && workspaces == null && !packed) {
            return null;
        }
        List<TypeSpec> types = new ArrayList<>(records);
        if (packed) {
            types.add(0, PackedArgs.type(f));
        }
        if (workspaces != null) {
            types.addAll(workspaces.types(args(), workspaceMethods));
        }
        return TypeSpec.classBuilder(holder.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The results of the derivatives of {@code $L}.\n", f.name())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addTypes(types)
                .build();
    }
}
