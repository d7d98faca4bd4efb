package dev.gradc.lower;

import dev.gradc.ir.Type;
import java.util.List;

/**
 * How many of the JVM's 255 parameter slots the generated methods and result records of a function need
 * (a {@code double} takes two, an {@code int}, {@code boolean} or array one, a record constructor's
 * {@code this} one). Past the limit the generated methods take the parameters packed in one object.
 */
public final class ParameterSlots {

    /** The JVM's limit on a method's parameter slots (JVMS §4.3.3), {@code this} included. */
    public static final int LIMIT = 255;

    private ParameterSlots() {
    }

    static int of(Type t) {
        return t instanceof Type.Real r && r.isScalar() ? 2 : 1;
    }

    /** The most slots any generated method or record of a function with these parameters needs for {@code r}. */
    public static int needed(List<String> sizes, List<FunctionIr.ParamInfo> params, Type output, Request r) {
        int value = sizes.size();
        for (FunctionIr.ParamInfo p : params) {
            value += of(p.type());
        }
        if (r == null) {
            return value;
        }
        int wrt = 0;
        for (String name : r.wrt()) {
            for (FunctionIr.ParamInfo p : params) {
                if (p.name().equals(name)) {
                    wrt += of(p.type());
                }
            }
        }
        int record = 1 + of(output) + wrt;
        return switch (r.kind()) {
            case GRAD -> Math.max(value, record);
            case VJP -> Math.max(value + of(output), record);
            case JVP -> Math.max(value + wrt, 1 + 2 * of(output));
            case JACOBIAN -> Math.max(value + wrt, 1 + 1 + r.wrt().size());
            case HESSIAN, HVP -> Math.max(value + wrt, record + 1);
        };
    }
}
