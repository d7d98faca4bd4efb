package dev.gradc.emit;

import dev.gradc.diag.DerivativeMessages;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.passes.DerivativeSize;
import dev.gradc.passes.Derivatives;

/**
 * The limit on what the emitter writes for a whole module, checked before it writes anything: the nodes of every
 * method's graph as written out ({@link DerivativeSize#writtenSize(dev.gradc.ir.Graph)}), summed over the module's
 * functions (the value method, each derivative method, and the workspace form of each of them). Calls are inlined,
 * so a function that calls others is written with their graphs in it, and a module of functions calling each other
 * writes more than its graphs hold together: the doubling calls {@code f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1)} write
 * about 0.76 k³ nodes (764,000 at k = 100, 40 MB of Java). Past the limit ({@code -Dgradc.maxModuleCode=N}) the
 * module is refused at the function that crossed it, a positioned error raised after building the graphs up to that
 * function and before writing any code, not the heap running out.
 */
public final class ModuleCodeSize {

    /**
     * The default limit, 2 million nodes: the emitter holds 11 to 14 bytes of heap per character of Java until the
     * class is written, and the programs measured write 11 to 61 characters per node (the chained calls, the
     * doubling calls), so a module at the limit is written in a 2 GB heap (the doubling calls at k = 141, 2.06
     * million nodes and 126 MB of Java: 1.3 GB at most live). Far above real programs: the examples' largest
     * module (charged_particle) writes 13,466.
     */
    public static final long DEFAULT_LIMIT = 2_000_000;

    private ModuleCodeSize() {
    }

    /** The limit in force on the nodes a module's code is written with. */
    public static long limit() {
        return Long.getLong("gradc.maxModuleCode", DEFAULT_LIMIT);
    }

    /**
     * Throws {@link DerivativeSize.TooLarge} at the first function of the module with which the nodes written
     * pass {@link #limit()}; each function's graphs are built, measured and dropped in turn.
     */
    static void check(ModuleIr module) {
        long limit = limit();
        long total = 0;
        for (FunctionIr f : module.functions()) {
            long own = of(f);
            total = own > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + own;
            if (total > limit) {
                throw new DerivativeSize.TooLarge(f.span(),
                        DerivativeMessages.moduleCodeTooLarge(f.name(), own, total, limit));
            }
        }
    }

    /** The nodes the methods of f are written with: its value, its derivatives, and their workspace forms. */
    static long of(FunctionIr f) {
        long once = DerivativeSize.writtenSize(Derivatives.value(f));
        for (Request r : f.requests()) {
            once += switch (r.kind()) {
                case GRAD -> DerivativeSize.writtenSize(Derivatives.gradient(f, r.wrt()));
                case VJP -> DerivativeSize.writtenSize(Derivatives.vjp(f, r.wrt()));
                case JVP -> DerivativeSize.writtenSize(Derivatives.jvp(f, r.wrt()));
                case HVP, HESSIAN -> DerivativeSize.writtenSize(Derivatives.hvp(f, r.wrt()));
                case JACOBIAN -> jacobian(f, r);
            };
        }
        // a function with derivatives is written twice: allocating, and in its workspace form (Workspaces)
        return f.requests().isEmpty() ? once : 2 * once;
    }

    /** The helpers {@code fJacobian} calls ({@link JacobianEmitter#helpers}). */
    private static long jacobian(FunctionIr f, Request r) {
        boolean[] helpers = JacobianEmitter.helpers(f, r.wrt());
        return (helpers[0] ? DerivativeSize.writtenSize(Derivatives.jvp(f, r.wrt())) : 0)
                + (helpers[1] ? DerivativeSize.writtenSize(Derivatives.vjp(f, r.wrt())) : 0);
    }
}
