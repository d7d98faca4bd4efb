package dev.gradc.engine;

import dev.gradc.runtime.tape.Mask;
import dev.gradc.runtime.tape.Tensor;
import java.util.Set;

/** The language's operators and builtins on tape values, with the language's int promotion rules. */
final class TapeOps {

    private static final Set<String> BUILTINS = Set.of("sin", "cos", "tan", "exp", "log", "sqrt", "tanh",
            "sigmoid", "relu", "abs", "square", "pow", "min", "max", "sum", "mean", "norm", "maxval", "dot",
            "logsumexp", "softmax", "transpose", "zeros", "ones", "detach", "cond", "where");

    private TapeOps() {
    }

    static boolean isBuiltin(String name) {
        return BUILTINS.contains(name);
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
            case "+" -> a.add(b);
            case "-" -> a.sub(b);
            case "*" -> a.mul(b);
            case "/" -> a.div(b);
            case "^" -> r instanceof Integer k && k == 2 ? a.mul(a) : a.pow(b);
            case "@" -> a.matmul(b);
            case "<" -> scalarOrMask(a.lt(b));
            case "<=" -> scalarOrMask(a.le(b));
            case ">" -> scalarOrMask(a.gt(b));
            case ">=" -> scalarOrMask(a.ge(b));
            case "==" -> scalarOrMask(a.eq(b));
            default -> scalarOrMask(a.ne(b));
        };
    }

    private static Object scalarOrMask(Mask m) {
        return m.shape().length == 0 ? (Object) m.values()[0] : m;
    }

    private static int axis(Object o, Tensor t) {
        int a = (Integer) o;
        return a < 0 ? a + t.rank() : a;
    }

    /** As the lowering: a vector-vector dot product, else the sum of the broadcast elementwise product. */
    private static Tensor dot(Tensor a, Tensor b) {
        return a.rank() == 1 && b.rank() == 1 ? a.dot(b) : a.mul(b).sum();
    }

    static Object builtin(String f, Object[] args) {
        Tensor x = args.length > 0 && !(args[0] instanceof Boolean) && !(args[0] instanceof Mask)
                ? TapeEngine.real(args[0]) : null;
        return switch (f) {
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tan" -> x.tan();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "sqrt" -> x.sqrt();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "relu" -> x.relu();
            case "abs" -> x.abs();
            case "square" -> x.mul(x);
            case "pow" -> x.pow(TapeEngine.real(args[1]));
            case "min" -> x.min(TapeEngine.real(args[1]));
            case "max" -> x.max(TapeEngine.real(args[1]));
            case "detach" -> x.detach();
            case "transpose" -> x.transpose();
            case "norm" -> x.norm();
            case "dot" -> dot(x, TapeEngine.real(args[1]));
            case "sum" -> args.length == 1 ? x.sum() : x.sum(axis(args[1], x));
            case "mean" -> args.length == 1 ? x.mean() : x.mean(axis(args[1], x));
            case "maxval" -> args.length == 1 ? x.maxval() : x.maxval(axis(args[1], x));
            case "logsumexp" -> args.length == 1 ? x.logsumexp() : x.logsumexp(axis(args[1], x));
            case "softmax" -> x.rank() == 0 ? Tensor.scalar(1) : x.softmax(args.length == 1 ? x.rank() - 1 : axis(args[1], x));
            case "where" -> Tensor.where(args[0] instanceof Boolean b ? Mask.scalar(b) : (Mask) args[0],
                    TapeEngine.real(args[1]), TapeEngine.real(args[2]));
            default -> throw new IllegalArgumentException("unknown builtin " + f);
        };
    }
}
