package dev.gradc.engine;

import dev.gradc.ops.Builtin;
import dev.gradc.ops.Powers;
import dev.gradc.ops.Registry;
import dev.gradc.syntax.Ast;
import dev.gradc.runtime.tape.Mask;
import dev.gradc.runtime.tape.Tensor;
import java.util.ArrayList;
import java.util.List;

/** The language's operators and builtins on tape values, with the language's int promotion rules. */
final class TapeOps {

    private TapeOps() {
    }

    static Object binary(String op, Object l, Object r) {
        if (op.equals("&&") || op.equals("||")) {
            boolean a = (Boolean) l;
            boolean b = (Boolean) r;
            return op.equals("&&") ? a && b : a || b;
        }
        if (l instanceof Integer a && r instanceof Integer b) {
            switch (op) {
                case "+": return a + b;
                case "-": return a - b;
                case "*": return a * b;
                case "<": return a < b;
                case "<=": return a <= b;
                case ">": return a > b;
                case ">=": return a >= b;
                case "==": return a.intValue() == b.intValue();
                case "!=": return a.intValue() != b.intValue();
                default: break;
            }
        }
        Tensor a = TapeEngine.real(l);
        Tensor b = TapeEngine.real(r);
        return switch (op) {
            case "^" -> power(l, r, false);
            case "+", "-", "*", "/", "@" -> Registry.lookup(op).tape().run(new Object[] {a, b}, Builtin.NO_AXIS);
            case "<" -> scalarOrMask(a.lt(b));
            case "<=" -> scalarOrMask(a.le(b));
            case ">" -> scalarOrMask(a.gt(b));
            case ">=" -> scalarOrMask(a.ge(b));
            case "==" -> scalarOrMask(a.eq(b));
            default -> scalarOrMask(a.ne(b));
        };
    }

    /**
     * {@code base ^ exponent}: with a constant exponent (a literal, as the lowering sees it) that
     * {@link Powers#isSimple} is, the same products as the compiled code and the interpreter, else pow.
     */
    static Tensor power(Object base, Object exponent, boolean constant) {
        Tensor x = TapeEngine.real(base);
        Tensor p = TapeEngine.real(exponent);
        if (constant && p.rank() == 0 && Powers.isSimple(p.item())) {
            return Powers.onTape(x, p.item());
        }
        return x.pow(p);
    }

    /** A number literal, or a negated one: a constant exponent. */
    static boolean isLiteral(Ast.Expr e) {
        return e instanceof Ast.Number || e instanceof Ast.Unary u && u.op().equals("-") && u.operand() instanceof Ast.Number;
    }

    private static Object scalarOrMask(Mask m) {
        return m.shape().length == 0 ? (Object) m.values()[0] : m;
    }

    /** A size argument's value on the tape: a positive int (sizes were checked when the program was lowered). */
    private static Integer size(String f, Object v) {
        int n = (Integer) v;
        if (n < 1) {
            throw new IllegalArgumentException("the size passed to " + f + " is " + n);
        }
        return n;
    }

    /** A call of a registry entry: reals become tensors, the axis literal (if any) an int. */
    static Object builtin(String f, Object[] args) {
        Builtin b = Registry.lookup(f);
        if (b == null || b.tape() == null) {
            throw new IllegalArgumentException("unknown builtin " + f);
        }
        List<Object> in = new ArrayList<>();
        int axis = Builtin.NO_AXIS;
        for (int k = 0; k < args.length; k++) {
            switch (b.params().get(Math.min(k, b.params().size() - 1))) {
                case AXIS -> axis = (Integer) args[k];
                case SIZE -> in.add(TapeOps.size(f, args[k]));
                case REAL -> in.add(TapeEngine.real(args[k]));
                default -> in.add(args[k]);
            }
        }
        return b.tape().run(in.toArray(), axis);
    }
}
