package dev.gradc.lower;

import dev.gradc.diag.ArrayMessages;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Constant;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.IntElementwise;
import dev.gradc.ops.IntPack;
import dev.gradc.ops.Logic;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.OpError;
import dev.gradc.ops.Powers;
import dev.gradc.ops.Pack;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.Unary;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Lowers expressions to nodes: operators, literals, names, indexing, and calls (via {@link Builtins}). */
final class Expressions {

    private static final int ERR = Lowering.ERR;
    final Lowering lowering;
    private final Builtins builtins;
    final Subscripts subscripts;

    Expressions(Lowering lowering) {
        this.lowering = lowering;
        this.builtins = new Builtins(this);
        this.subscripts = new Subscripts(this);
    }

    /** Inlines a call of the module's function {@code f} (rules are lowered through this). */
    int inlineCall(Ast.Function f, Ast.Call c, Scope s, Lowering.Frame frame, Span stmtSpan) {
        return builtins.inline(f, c, s, frame, stmtSpan);
    }

    void error(Span span, String message) {
        lowering.diagnostics.error(span, message);
    }

    /** Applies an op, reporting its type error at {@code span}; ERR when any input is ERR. */
    int apply(Scope s, Span span, Primitive op, int... inputs) {
        List<Integer> in = new ArrayList<>();
        for (int i : inputs) {
            if (i == ERR) {
                return ERR;
            }
            in.add(i);
        }
        try {
            return s.g.apply(op, in);
        } catch (OpError e) {
            error(span, e.getMessage());
            return ERR;
        }
    }

    int lower(Ast.Expr e, Scope s, Lowering.Frame frame, Span stmtSpan) {
        if (e instanceof Ast.Number n) {
            return n.integral() ? s.g.intConstant((int) n.value()) : s.g.constant(n.value());
        } else if (e instanceof Ast.Bool b) {
            return s.g.boolConstant(b.value());
        } else if (e instanceof Ast.Name n) {
            return name(n, s, frame);
        } else if (e instanceof Ast.Unary u) {
            return unary(u, s, frame, stmtSpan);
        } else if (e instanceof Ast.Binary b) {
            return binary(b, s, frame, stmtSpan);
        } else if (e instanceof Ast.Call c) {
            return builtins.call(c, s, frame, stmtSpan);
        } else if (e instanceof Ast.Derivative d) {
            return NestedDerivatives.lower(this, d, s, frame, stmtSpan);
        } else if (e instanceof Ast.Index i) {
            return subscripts.read(i, s, frame, stmtSpan);
        } else if (e instanceof Ast.Slice sl) {
            error(sl.span(), Messages.sliceOutsideBrackets());
            return ERR;
        }
        return array((Ast.ArrayLiteral) e, s, frame, stmtSpan);
    }

    private int name(Ast.Name n, Scope s, Lowering.Frame frame) {
        Integer id = s.vars.get(n.name());
        if (id != null) {
            return id;
        }
        if (s.isPoisoned(n.name())) {
            String why = s.poisonReason(n.name());
            if (why != null) {
                error(n.span(), why);
            }
            return ERR;
        }
        Dim size = frame.sizes().get(n.name());
        if (size != null) {
            return sizeValue(s, size);
        }
        if (n.name().equals("pi")) {
            return s.g.constant(Math.PI);
        }
        TreeSet<String> known = new TreeSet<>(s.vars.keySet());
        known.addAll(frame.sizes().keySet());
        known.removeIf(k -> k.startsWith("#"));
        error(n.span(), Messages.undefinedName(n.name(), known));
        return ERR;
    }

    private int unary(Ast.Unary u, Scope s, Lowering.Frame frame, Span stmtSpan) {
        int x = lower(u.operand(), s, frame, stmtSpan);
        if (x == ERR) {
            return ERR;
        }
        return switch (u.op()) {
            case "-" -> {
                if (s.g.node(x).op() instanceof IntConstant k) {
                    yield s.g.intConstant(-k.value());
                }
                if (s.g.type(x) instanceof Type.Int) {
                    yield apply(s, u.span(), Binary.SUB, s.g.intConstant(0), x);
                }
                if (s.g.type(x) instanceof Type.IntArray && !isIntLiteral(s, x)) {
                    yield apply(s, u.span(), new IntElementwise(Binary.SUB), s.g.intConstant(0), x);
                }
                yield s.g.node(x).op() instanceof Constant c && c.isScalar()
                        ? s.g.constant(-c.scalarValue()) : apply(s, u.span(), Unary.NEG, number(s, x, u.span(), "'-'"));
            }
            case "+" -> number(s, x, u.span(), "'+'") == ERR ? ERR : x;
            default -> apply(s, u.span(), Logic.NOT, requireBool(s, x, u.operand().span(), "'!'"));
        };
    }

    private int binary(Ast.Binary b, Scope s, Lowering.Frame frame, Span stmtSpan) {
        int l = lower(b.left(), s, frame, stmtSpan);
        int r = lower(b.right(), s, frame, stmtSpan);
        if (l == ERR || r == ERR) {
            return ERR;
        }
        String op = b.op();
        Span at = b.opSpan();
        switch (op) {
            case "&&", "||" -> {
                l = requireBool(s, l, b.left().span(), "'" + op + "'");
                r = requireBool(s, r, b.right().span(), "'" + op + "'");
                return apply(s, at, op.equals("&&") ? Logic.AND : Logic.OR, l, r);
            }
            case "@" -> {
                return product(s, at, real(s, l, b.left().span(), "'@'"), real(s, r, b.right().span(), "'@'"));
            }
            default -> {
                // arithmetic and comparison below
            }
        }
        if (s.g.type(l) instanceof Type.IntArray || s.g.type(r) instanceof Type.IntArray) {
            int ints = intArrays(s, op, at, l, r);
            if (ints != NOT_INTS) {
                return ints;
            }
            l = promote(s, l);
            r = promote(s, r);
        }
        l = operand(s, l, b.left().span(), op);
        r = operand(s, r, b.right().span(), op);
        if (l == ERR || r == ERR) {
            return ERR;
        }
        boolean ints = s.g.type(l) instanceof Type.Int && s.g.type(r) instanceof Type.Int;
        Primitive p = switch (op) {
            case "+" -> Binary.ADD;
            case "-" -> Binary.SUB;
            case "*" -> Binary.MUL;
            case "/" -> Binary.DIV;
            case "^" -> Binary.POW;
            case "<" -> Compare.LT;
            case "<=" -> Compare.LE;
            case ">" -> Compare.GT;
            case ">=" -> Compare.GE;
            case "==" -> Compare.EQ;
            default -> Compare.NE;
        };
        if (p == Binary.POW) {
            // x^n for a constant n: products, 1/(...) or sqrt, as the registry's pow (ops.Powers)
            try {
                return Powers.pow(s.g, promote(s, l), promote(s, r));
            } catch (OpError e) {
                error(at, e.getMessage());
                return ERR;
            }
        }
        boolean keepInts = ints && (p instanceof Compare || ((Binary) p).acceptsInts());
        if (!keepInts) {
            l = promote(s, l);
            r = promote(s, r);
        }
        return apply(s, at, p, l, r);
    }

    private static final int NOT_INTS = ERR + 1;

    /**
     * {@code l op r} where one side is an int array: int arithmetic or a comparison when both sides are ints;
     * NOT_INTS when one side is an int array literal and the other real (the literal is then promoted); ERR
     * after a positioned error otherwise.
     */
    private int intArrays(Scope s, String op, Span at, int l, int r) {
        Type lt = s.g.type(l);
        Type rt = s.g.type(r);
        boolean lInt = lt instanceof Type.Int || lt instanceof Type.IntArray;
        boolean rInt = rt instanceof Type.Int || rt instanceof Type.IntArray;
        if (!lInt || !rInt) {
            if ((lInt ? isIntLiteral(s, l) || lt instanceof Type.Int : true) && (rInt ? isIntLiteral(s, r)
                    || rt instanceof Type.Int : true) && (lt instanceof Type.Real || rt instanceof Type.Real)) {
                return NOT_INTS;
            }
            error(at, ArrayMessages.intArrayOperand(op, lt, rt));
            return ERR;
        }
        Primitive p = switch (op) {
            case "+" -> Binary.ADD;
            case "-" -> Binary.SUB;
            case "*" -> Binary.MUL;
            case "<" -> Compare.LT;
            case "<=" -> Compare.LE;
            case ">" -> Compare.GT;
            case ">=" -> Compare.GE;
            case "==" -> Compare.EQ;
            case "!=" -> Compare.NE;
            default -> null;
        };
        boolean literals = (isIntLiteral(s, l) || lt instanceof Type.Int) && (isIntLiteral(s, r) || rt instanceof Type.Int);
        if (p == null && literals) {
            return NOT_INTS; // [1, 2] / 2 and [1, 2] ^ 2 are real, as they always were
        }
        if (p == null) {
            error(at, ArrayMessages.intArrayElementwise(op));
            return ERR;
        }
        return apply(s, at, new IntElementwise(p), l, r);
    }

    /** True for an array literal of ints ({@code [0, 2, 1]}): an int array that becomes reals where reals are needed. */
    boolean isIntLiteral(Scope s, int x) {
        return x != ERR && s.g.node(x).op() instanceof IntPack;
    }

    private int array(Ast.ArrayLiteral a, Scope s, Lowering.Frame frame, Span stmtSpan) {
        if (a.elements().isEmpty()) {
            error(a.span(), Messages.emptyArray());
            return ERR;
        }
        int[] parts = new int[a.elements().size()];
        boolean ints = true;
        for (int k = 0; k < parts.length; k++) {
            parts[k] = lower(a.elements().get(k), s, frame, stmtSpan);
            ints &= parts[k] != ERR && (s.g.type(parts[k]) instanceof Type.Int || isIntLiteral(s, parts[k]));
        }
        if (ints) {
            return apply(s, a.span(), new IntPack(parts.length), parts);
        }
        for (int k = 0; k < parts.length; k++) {
            parts[k] = parts[k] == ERR ? ERR : real(s, parts[k], a.elements().get(k).span(), "an array element");
        }
        return apply(s, a.span(), new Pack(parts.length), parts);
    }

    // ---- conversions

    /** An int becomes a real scalar (constants directly); reals pass; anything else is ERR. */
    int promote(Scope s, int x) {
        if (x == ERR) {
            return ERR;
        }
        if (s.g.node(x).op() instanceof IntConstant k) {
            return s.g.constant(k.value());
        }
        if (isIntLiteral(s, x)) {
            List<Integer> parts = s.g.node(x).inputs();
            int[] reals = new int[parts.size()];
            for (int k = 0; k < reals.length; k++) {
                reals[k] = promote(s, parts.get(k));
            }
            return s.g.apply(new Pack(reals.length), reals);
        }
        return s.g.type(x) instanceof Type.Int ? s.g.toReal(x) : x;
    }

    /** Requires a number (real or int); reports a bool or other type. */
    int number(Scope s, int x, Span span, String what) {
        if (x == ERR) {
            return ERR;
        }
        if (isNumber(s, x)) {
            return x;
        }
        Type t = s.g.type(x);
        error(span, t instanceof Type.IntArray ? ArrayMessages.intArrayWhereRealNeeded(what, t)
                : Messages.notANumber(what, t));
        return ERR;
    }

    /** Whether node x (not {@code ERR}) is a number: what {@link #number} accepts. */
    boolean isNumber(Scope s, int x) {
        Type t = s.g.type(x);
        return t instanceof Type.Real || t instanceof Type.Int || isIntLiteral(s, x);
    }

    /** {@link #number} for an operand of {@code op}, the error's words made only for an error (most operands are numbers). */
    private int operand(Scope s, int x, Span span, String op) {
        return x != ERR && isNumber(s, x) ? x : number(s, x, span, "'" + op + "'");
    }

    /** Requires a number and makes it real. */
    /**
     * {@code l @ r}, an operand that is {@code transpose(M)} of a matrix read as M with the product's flag for it
     * ({@link Matmul#transposeA}, {@link Matmul#transposeB}): {@code transpose(b) @ v} reads b in transposed order
     * and makes no transposed copy when nothing else reads the transpose (the transpose node stays for any other
     * reader). Done here, before any derivative is taken, so that the adjoints read b with flags as well and
     * none is summed into a transposed matrix and transposed back. Exact: every entry is the same sum in the same
     * order. A vector times {@code transpose(M)} is {@code M @ vector}, the same sums of the same products.
     */
    private int product(Scope s, Span at, int l, int r) {
        if (l == ERR || r == ERR) {
            return ERR;
        }
        boolean ta = isTransposedMatrix(s, l);
        boolean tb = isTransposedMatrix(s, r);
        int a = ta ? s.g.node(l).input(0) : l;
        int c = tb ? s.g.node(r).input(0) : r;
        if (tb && !ta && s.g.type(a) instanceof Type.Real real && real.shape().rank() == 1
                && real.shape().dim(0).equals(((Type.Real) s.g.type(c)).shape().dim(1))) {
            return apply(s, at, Matmul.PLAIN, c, a);
        }
        return apply(s, at, ta || tb ? new Matmul(ta, tb) : Matmul.PLAIN, a, c);
    }

    private static boolean isTransposedMatrix(Scope s, int x) {
        dev.gradc.ir.Node n = s.g.node(x);
        return n.op() instanceof dev.gradc.ops.Transpose && s.g.type(n.input(0)) instanceof Type.Real real
                && real.shape().rank() == 2;
    }

    int real(Scope s, int x, Span span, String what) {
        return promote(s, number(s, x, span, what));
    }

    int requireInt(Scope s, int x, Span span, String what) {
        if (x == ERR) {
            return ERR;
        }
        if (s.g.type(x) instanceof Type.Int) {
            return x;
        }
        Type t = s.g.type(x);
        error(span, t instanceof Type.Real r && r.isScalar() ? ArrayMessages.floatIndex(what, r)
                : t instanceof Type.Real r && what.equals("an index") ? ArrayMessages.realIndexArray(r)
                : t instanceof Type.IntArray a && what.equals("an index") ? ArrayMessages.intArrayIndexHere(a)
                : Messages.expectedInt(what, t));
        return ERR;
    }

    int requireBool(Scope s, int x, Span span, String what) {
        if (x == ERR) {
            return ERR;
        }
        if (s.g.type(x) instanceof Type.Bool b && b.isScalar()) {
            return x;
        }
        error(span, what + " expects a scalar bool, got " + s.g.type(x));
        return ERR;
    }

    int requireCondition(Scope s, int x, Span span, String where) {
        if (x == ERR) {
            return ERR;
        }
        if (s.g.type(x) instanceof Type.Bool b && b.isScalar()) {
            return x;
        }
        error(span, Messages.conditionNotBool(where, s.g.type(x)));
        return ERR;
    }

    /** Makes x fit {@code declared} (promoting an int), or reports {@code message}. */
    int coerce(Scope s, int x, Type declared, Span span, String message) {
        return coerce(s, x, declared, span, () -> message);
    }

    /** {@link #coerce(Scope, int, Type, Span, String)} with the message made only when it is an error. */
    int coerce(Scope s, int x, Type declared, Span span, java.util.function.Supplier<String> message) {
        if (x == ERR) {
            return ERR;
        }
        int v = declared instanceof Type.Real && (s.g.type(x) instanceof Type.Int || isIntLiteral(s, x))
                ? promote(s, x) : x;
        if (!s.g.type(v).equals(declared)) {
            error(span, message.get());
            return ERR;
        }
        return v;
    }

    /** The number of elements of a shape, as a real node (size names read at run time). */
    int count(Scope s, Shape shape) {
        long fixed = 1;
        int dynamic = -1;
        for (Dim d : shape.dims()) {
            if (d instanceof Dim.Fixed f) {
                fixed *= f.value();
            } else {
                int n = s.g.toReal(sizeValue(s, d));
                dynamic = dynamic == -1 ? n : s.g.mul(dynamic, n);
            }
        }
        int c = s.g.constant(fixed);
        return dynamic == -1 ? c : fixed == 1 ? dynamic : s.g.mul(dynamic, c);
    }

    /** The value of a dimension as an int node: its constant plus each size name (read at run time) times its coefficient. */
    int sizeValue(Scope s, Dim d) {
        if (d instanceof Dim.Fixed f) {
            return s.g.intConstant(f.value());
        }
        int v = -1;
        for (var t : d.terms().entrySet()) {
            int n = s.g.apply(new SizeOf(t.getKey()));
            if (t.getValue() != 1) {
                n = s.g.apply(Binary.MUL, s.g.intConstant(Math.toIntExact(t.getValue())), n);
            }
            v = v == -1 ? n : s.g.apply(Binary.ADD, v, n);
        }
        return d.constant() == 0 ? v : s.g.apply(Binary.ADD, v, s.g.intConstant(Math.toIntExact(d.constant())));
    }
}
