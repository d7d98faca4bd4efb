package dev.gradc.ops;

import dev.gradc.ir.Type;
import dev.gradc.runtime.ExternCallException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.List;

/**
 * A call of a {@code public static} Java method bound by {@code extern fn}: real scalars are {@code double},
 * real arrays flat {@code double[]}, ints {@code int}, int arrays {@code int[]} (arrays are copied in, so the
 * method cannot change a program's value). Not differentiable itself: its derivatives are the rules of the {@link CustomRule} around it.
 * The interpreter calls it through a method handle looked up once; generated code calls it directly.
 */
public final class Extern implements Primitive {

    private final Method method;
    private final Type result;
    private final String where;
    private volatile MethodHandle handle;

    /** {@code where} is the call in the program ({@code "m.grad:4:12"}); {@code result} the call's type. */
    public Extern(Method method, Type result, String where) {
        this.method = method;
        this.result = result;
        this.where = where;
    }

    public Method method() {
        return method;
    }

    /** {@code pkg.Class.method}, as the program wrote it. */
    public String target() {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    public String where() {
        return where;
    }

    @Override
    public String mnemonic() {
        return "extern";
    }

    @Override
    public String attributes() {
        return target();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return result;
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public int[] vjp(Rules g, dev.gradc.ir.Node node, int[] in, int out, int bar, boolean[] need) {
        int[] none = new int[in.length];
        java.util.Arrays.fill(none, NONE);
        return none;
    }

    @Override
    public int jvp(Rules g, dev.gradc.ir.Node node, int[] in, int out, int[] tangents) {
        return NONE;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        Object[] args = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Object v = inputs[i];
            if (v instanceof NDArray a) {
                args[i] = method.getParameterTypes()[i] == double.class ? (Object) a.item() : a.data().clone();
            } else if (v instanceof IntND a) {
                args[i] = a.data().clone();
            } else {
                args[i] = v;
            }
        }
        Object r = invoke(args);
        if (r instanceof Double d) {
            return NDArray.scalar(d);
        }
        if (r instanceof Integer) {
            return r;
        }
        int[] shape = (result instanceof Type.Real real ? real.shape() : ((Type.IntArray) result).shape())
                .resolve(ctx.sizes());
        int length = 1;
        for (int s : shape) {
            length *= s;
        }
        if (r instanceof int[] ints) {
            return new IntND(ExternCallException.checked(ints, length, where, target()).clone(), shape);
        }
        return new NDArray(ExternCallException.checked((double[]) r, length, where, target()).clone(), shape);
    }

    /** Calls the method through its handle (looked up on first use); what it throws names the call and method. */
    public Object invoke(Object[] args) {
        try {
            if (handle == null) {
                handle = MethodHandles.publicLookup().unreflect(method);
            }
            return handle.invokeWithArguments(args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("extern " + target() + " is not accessible", e);
        } catch (Throwable e) {
            throw ExternCallException.threw(where, target(), e);
        }
    }
}
