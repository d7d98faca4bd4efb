package dev.gradc.engine;

import dev.gradc.diag.Messages;
import dev.gradc.emit.EmittedModule;
import dev.gradc.emit.PackedArgs;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module compiled to Java, compiled by javac in memory and loaded in a class loader of its own (engine
 * {@code compiled}). Its methods are looked up once, when it is loaded; calls go straight to the generated
 * code. Thread-safe: the generated class has no state but its iteration limit.
 */
public final class CompiledModule {

    private final EmittedModule emitted;
    private final Class<?> type;
    private final Map<String, Method> methods = new HashMap<>();
    private final Map<Method, Method[]> accessors = new HashMap<>();
    private final Method setMaxIterations;
    private final Method setMaxKeptValues;

    private CompiledModule(EmittedModule emitted, Class<?> type) {
        this.emitted = emitted;
        this.type = type;
        Map<String, Method> byName = new HashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            // the workspace forms, f(F.Workspace, args…), are overloads this engine does not call
            boolean workspaceForm = m.getParameterCount() > 0 && m.getParameterTypes()[0].getSimpleName().equals("Workspace");
            if (java.lang.reflect.Modifier.isPublic(m.getModifiers()) && !workspaceForm) {
                byName.put(m.getName(), m);
            }
        }
        for (EmittedModule.FunctionApi f : emitted.functions()) {
            methods.put(f.name(), byName.get(f.valueMethod()));
            for (EmittedModule.DerivativeApi d : f.derivatives()) {
                Method m = byName.get(d.method());
                methods.put(key(f.name(), d.kind()), m);
                RecordComponent[] rc = m.getReturnType().getRecordComponents();
                Method[] get = new Method[rc.length];
                for (int i = 0; i < rc.length; i++) {
                    get[i] = rc[i].getAccessor();
                }
                accessors.put(m, get);
            }
        }
        setMaxIterations = byName.get("setMaxIterations");
        setMaxKeptValues = byName.get("setMaxKeptValues");
    }

    /** Emits, compiles and loads a module. */
    public static CompiledModule load(ModuleIr module) {
        return load(JavaEmitter.emit(module), module.classes());
    }

    /** Compiles and loads emitted source. */
    public static CompiledModule load(EmittedModule emitted) {
        return load(emitted, (ClassLoader) null);
    }

    /**
     * Compiles and loads emitted source whose extern methods come from {@code classes} (null: the runtime's
     * loader); the generated class is loaded as its child, so it calls them directly.
     */
    public static CompiledModule load(EmittedModule emitted, ClassLoader classes) {
        ClassLoader parent = classes != null ? classes : dev.gradc.runtime.MathOps.class.getClassLoader();
        return load(emitted, InMemoryJavac.compile(emitted.qualifiedName(), emitted.source(), parent), parent);
    }

    /** Loads class files compiled from emitted source (class name to bytes). */
    static CompiledModule load(EmittedModule emitted, Map<String, byte[]> classes) {
        return load(emitted, classes, dev.gradc.runtime.MathOps.class.getClassLoader());
    }

    private static CompiledModule load(EmittedModule emitted, Map<String, byte[]> classes, ClassLoader parent) {
        ClassLoader loader = new InMemoryJavac.Loader(classes, parent);
        try {
            return new CompiledModule(emitted, Class.forName(emitted.qualifiedName(), true, loader));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("generated class " + emitted.qualifiedName() + " was not produced", e);
        }
    }

    /**
     * A module whose function {@code fn} also has the given requests (the command line derives what it is asked);
     * a request replaces the function's own request of the same kind, whatever parameters either names, since
     * the class has one derivative method of each kind.
     */
    public static ModuleIr requesting(ModuleIr module, String fn, Request... extra) {
        List<dev.gradc.lower.FunctionIr> out = new ArrayList<>();
        for (dev.gradc.lower.FunctionIr f : module.functions()) {
            out.add(f.name().equals(fn) ? f.requesting(List.of(extra)) : f);
        }
        return module.with(out);
    }

    public EmittedModule emitted() {
        return emitted;
    }

    /** The generated class. */
    public Class<?> type() {
        return type;
    }

    /** The value of {@code fn}; arguments are the sizes (ints), then the parameters (numbers, double[], booleans). */
    public Object value(String fn, Object... args) {
        return invoke(method(fn), packed(method(fn), emitted.function(fn), List.of(), args));
    }

    /** {@code fnGrad}: the value and one adjoint per parameter, by parameter name. */
    public Result grad(String fn, Object... args) {
        return derivative(fn, Request.Kind.GRAD, args);
    }

    /** {@code fnVjp}: the arguments, then the seed; the value and one adjoint per parameter. */
    public Result vjp(String fn, Object... argsThenSeed) {
        return derivative(fn, Request.Kind.VJP, argsThenSeed);
    }

    /** {@code fnJvp}: the arguments, then one tangent per parameter of the request; parts {"tangent": …}. */
    public Result jvp(String fn, Object... argsThenTangents) {
        return derivative(fn, Request.Kind.JVP, argsThenTangents);
    }

    /** {@code fnJacobian}: the value and a {@code double[][]} per parameter (rows: output entries). */
    public Result jacobian(String fn, Object... args) {
        return derivative(fn, Request.Kind.JACOBIAN, args);
    }

    /**
     * {@code fnHessian}: the value, one gradient part per parameter, and part {@code "hessian"}, the
     * {@code double[][]} over the parameters flattened in order.
     */
    public Result hessian(String fn, Object... args) {
        return derivative(fn, Request.Kind.HESSIAN, args);
    }

    /**
     * {@code fnHvp}: the arguments, then one direction per parameter of the request; parts are the gradient by
     * parameter name, then the Hessian-vector product under {@code name + "Hvp"}.
     */
    public Result hvp(String fn, Object... argsThenDirections) {
        return derivative(fn, Request.Kind.HVP, argsThenDirections);
    }

    /**
     * Sets the kept-values budget of one reverse-mode loop of this module: past it, the loop's gradient keeps
     * snapshots and recomputes between them (same result, bounded memory). A global setting of the generated
     * class: it applies to every caller, in every thread, from the next call on.
     */
    public void setMaxKeptValues(long limit) {
        invoke(setMaxKeptValues, new Object[] {limit});
    }

    /**
     * Sets the iteration limit of this module's loops. A global setting of the generated class (a static field): it
     * applies to every caller, in every thread, from the next call on; set it once, not per call.
     */
    public void setMaxIterations(long limit) {
        invoke(setMaxIterations, new Object[] {limit});
    }

    /** Whether {@code fn} has a generated method for {@code kind}. */
    public boolean has(String fn, Request.Kind kind) {
        return methods.get(key(fn, kind)) != null;
    }

    private Result derivative(String fn, Request.Kind kind, Object[] args) {
        Method m = methods.get(key(fn, kind));
        if (m == null && !methods.containsKey(fn)) {
            method(fn);
        }
        if (m == null) {
            throw new IllegalArgumentException(Messages.noDerivativeMethod(fn, kind.annotation()));
        }
        EmittedModule.DerivativeApi api = emitted.function(fn).derivative(kind);
        Object record = invoke(m, packed(m, emitted.function(fn), api.wrt(), args));
        Method[] get = accessors.get(m);
        if (Arrays.stream(m.getParameterTypes()).anyMatch(CompiledModule::isArgs)) {
            return unpacked(emitted.function(fn), api, record, get, args);
        }
        Map<String, Object> parts = new LinkedHashMap<>();
        for (int i = 1; i < get.length; i++) {
            int n = api.wrt().size();
            String name = kind == Request.Kind.JVP ? "tangent"
                    : i - 1 < n ? api.wrt().get(i - 1)
                    : kind == Request.Kind.HVP ? api.wrt().get(i - 1 - n) + "Hvp" : "hessian";
            parts.put(name, invoke(get[i], record, new Object[0]));
        }
        return new Result(invoke(get[0], record, new Object[0]), parts);
    }

    /**
     * The parts of a record of a method that takes its parameters packed ({@link PackedArgs}): the adjoints (and
     * an HVP's products) from the fields of its {@code F.Args}, a JVP's tangent and a Hessian's matrix as they
     * are, a Jacobian's one matrix split into one per parameter by the widths of the arguments {@code flat}.
     */
    private Result unpacked(EmittedModule.FunctionApi f, EmittedModule.DerivativeApi api, Object record, Method[] get,
                            Object[] flat) {
        Map<String, Object> parts = new LinkedHashMap<>();
        List<String> fields = PackedArgs.fields(f.params());
        for (int i = 1; i < get.length; i++) {
            Object part = invoke(get[i], record, new Object[0]);
            if (isArgs(get[i].getReturnType())) {
                String suffix = api.kind() == Request.Kind.HVP && i == 2 ? "Hvp" : "";
                for (String p : api.wrt()) {
                    parts.put(p + suffix, field(part, fields.get(f.params().indexOf(p))));
                }
            } else if (api.kind() == Request.Kind.JACOBIAN) {
                int at = 0;
                for (String p : api.wrt()) {
                    Object arg = flat[f.sizes().size() + f.params().indexOf(p)];
                    int width = arg instanceof double[] a ? a.length : 1;
                    parts.put(p, columns((double[][]) part, at, width));
                    at += width;
                }
            } else {
                parts.put(api.kind() == Request.Kind.JVP ? "tangent" : "hessian", part);
            }
        }
        return new Result(invoke(get[0], record, new Object[0]), parts);
    }

    /** Columns [from, from + width) of matrix m. */
    private static double[][] columns(double[][] m, int from, int width) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = Arrays.copyOfRange(m[r], from, from + width);
        }
        return out;
    }

    private Method method(String fn) {
        Method m = methods.get(fn);
        if (m == null) {
            throw new IllegalArgumentException(Messages.noFunction(fn, emitted.qualifiedName(),
                    emitted.functions().stream().map(EmittedModule.FunctionApi::name).toList()));
        }
        return m;
    }

    private static boolean isArgs(Class<?> c) {
        return c.getSimpleName().equals(PackedArgs.CLASS) && c.getEnclosingClass() != null
                && c.getEnclosingClass().getEnclosingClass() != null;
    }

    /**
     * The arguments as method m takes them: where it takes its parameters packed ({@link PackedArgs}), the
     * function's parameters set on an {@code F.Args}, and the tangents of {@code wrt} on a second one.
     */
    private static Object[] packed(Method m, EmittedModule.FunctionApi f, List<String> wrt, Object[] flat) {
        Class<?>[] types = m.getParameterTypes();
        if (Arrays.stream(types).noneMatch(CompiledModule::isArgs)) {
            return flat;
        }
        List<String> fields = PackedArgs.fields(f.params());
        List<Object> out = new ArrayList<>();
        int at = 0;
        boolean first = true;
        for (Class<?> t : types) {
            if (!isArgs(t)) {
                out.add(flat[at++]);
                continue;
            }
            try {
                Object pack = t.getConstructor().newInstance();
                for (String p : first ? f.params() : wrt) {
                    java.lang.reflect.Field field = t.getField(fields.get(f.params().indexOf(p)));
                    field.set(pack, coerce(new Class<?>[] {field.getType()}, new Object[] {flat[at++]})[0]);
                }
                out.add(pack);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            first = false;
        }
        if (at != flat.length) {
            throw new IllegalArgumentException("expected " + at + " arguments, got " + flat.length);
        }
        return out.toArray();
    }

    private static Object field(Object pack, String name) {
        try {
            return pack.getClass().getField(name).get(pack);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String fn, Request.Kind kind) {
        return fn + "@" + kind.annotation();
    }

    private static Object invoke(Method m, Object[] args) {
        return invoke(m, null, coerce(m.getParameterTypes(), args));
    }

    private static Object invoke(Method m, Object target, Object[] args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Numbers become the parameter's primitive type, so that {@code 2} may be passed for a {@code double}. */
    private static Object[] coerce(Class<?>[] types, Object[] args) {
        if (types.length != args.length) {
            throw new IllegalArgumentException("expected " + types.length + " arguments, got " + args.length);
        }
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Number n) {
                if (types[i] == double.class) {
                    out[i] = n.doubleValue();
                } else if (types[i] == int.class) {
                    out[i] = n.intValue();
                } else if (types[i] == long.class) {
                    out[i] = n.longValue();
                }
            }
        }
        return out;
    }

    /**
     * A derivative's result: the function's value and its named parts — adjoints or Jacobians by parameter name,
     * or {@code "tangent"}. Scalars are {@link Double}, arrays {@code double[]}, Jacobians {@code double[][]}.
     */
    public record Result(Object value, Map<String, Object> parts) {
    }
}
