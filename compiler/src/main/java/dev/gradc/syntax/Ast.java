package dev.gradc.syntax;

import dev.gradc.diag.Span;
import java.util.List;

/** The abstract syntax of a {@code .grad} module: immutable records, each with its source span. */
public final class Ast {

    private Ast() {
    }

    /** One source file: an optional {@code module a.b.C;} name and its functions in order. */
    public record Module(String qualifiedName, List<Function> functions, Span span, Span nameSpan) {
        public Module {
            functions = List.copyOf(functions);
        }
    }

    /** {@code @grad(x, w)}: a derivative request before a function. */
    public record Annotation(String name, List<String> args, boolean hasParens, Span span) {
        public Annotation {
            args = List.copyOf(args);
        }
    }

    /**
     * A function: annotations, size names, typed parameters, return type and body; or, when {@code extern} is
     * not null, a Java method bound by name ({@code extern fn f(x: real) -> real = "pkg.Class.method";}), with no
     * body.
     */
    public record Function(String name, List<Annotation> annotations, List<SizeParam> sizes,
                           List<Param> params, TypeRef returnType, List<Stmt> body, Span span, Span nameSpan,
                           Extern extern) {
        public Function {
            annotations = List.copyOf(annotations);
            sizes = List.copyOf(sizes);
            params = List.copyOf(params);
            body = List.copyOf(body);
        }

        public Function(String name, List<Annotation> annotations, List<SizeParam> sizes, List<Param> params,
                        TypeRef returnType, List<Stmt> body, Span span, Span nameSpan) {
            this(name, annotations, sizes, params, returnType, body, span, nameSpan, null);
        }

        public boolean isExtern() {
            return extern != null;
        }
    }

    /** The Java method an extern function binds: {@code target} is {@code pkg.Class.method}, without quotes. */
    public record Extern(String target, Span span) {
    }

    public record SizeParam(String name, Span span) {
    }

    public record Param(String name, TypeRef type, Span span) {
    }

    /** {@code real}, {@code real[B,4]}, {@code int}, {@code bool}. */
    public record TypeRef(String base, List<Dim> dims, Span span) {
        public TypeRef {
            dims = List.copyOf(dims);
        }
    }

    /**
     * A dimension written in a type: an integer literal, a size name or an affine expression of them such as
     * {@code 2*N+1}; {@code text} is the source text as written.
     */
    public record Dim(Expr expr, String text, Span span) {
        /** True when the dimension is a lone size name. */
        public boolean isName() {
            return expr instanceof Name;
        }
    }

    /** A statement. */
    public sealed interface Stmt permits Assign, Update, While, For, If, Return {
        Span span();
    }

    public record Assign(String name, Expr value, Span span, Span nameSpan) implements Stmt {
    }

    /**
     * {@code x[i] = e;}, {@code x[i, :] += e;}: rebinds {@code x} to an array equal to the old one except at the
     * subscripts; {@code op} is {@code =}, {@code +=}, {@code -=} or {@code *=}.
     */
    public record Update(String name, List<Expr> indices, String op, Expr value, Span span, Span nameSpan)
            implements Stmt {
        public Update {
            indices = List.copyOf(indices);
        }
    }

    /** {@code while (c) { body }}, after its annotations ({@code @checkpoint(64)}). */
    public record While(Expr condition, List<Stmt> body, Span span, List<Annotation> annotations) implements Stmt {
        public While {
            body = List.copyOf(body);
            annotations = List.copyOf(annotations);
        }

        public While(Expr condition, List<Stmt> body, Span span) {
            this(condition, body, span, List.of());
        }
    }

    /** {@code for i in from..to { body }}: sugar for a while loop over an int counter. */
    public record For(String variable, Expr from, Expr to, List<Stmt> body, Span span, Span variableSpan,
                      List<Annotation> annotations) implements Stmt {
        public For {
            body = List.copyOf(body);
            annotations = List.copyOf(annotations);
        }

        public For(String variable, Expr from, Expr to, List<Stmt> body, Span span, Span variableSpan) {
            this(variable, from, to, body, span, variableSpan, List.of());
        }
    }

    public record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, Span span) implements Stmt {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    public record Return(Expr value, Span span) implements Stmt {
    }

    /** An expression. */
    public sealed interface Expr permits Number, Bool, Name, Unary, Binary, Call, Derivative, Index, Slice, ArrayLiteral {
        Span span();
    }

    /** A number literal; {@code integral} when written without a point or exponent (usable as an int). */
    public record Number(double value, boolean integral, String text, Span span) implements Expr {
    }

    /** The literal {@code true} or {@code false}. */
    public record Bool(boolean value, Span span) implements Expr {
    }

    public record Name(String name, Span span) implements Expr {
    }

    /** {@code -e}, {@code +e}, {@code !e}. */
    public record Unary(String op, Expr operand, Span span) implements Expr {
    }

    /** {@code a OP b} for arithmetic, {@code @}, {@code ^}, comparisons, {@code &&} and {@code ||}. */
    public record Binary(String op, Expr left, Expr right, Span span, Span opSpan) implements Expr {
    }

    public record Call(String callee, List<Expr> args, Span span, Span calleeSpan) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /**
     * {@code grad(f, x)(args...)} and its kin ({@code jvp vjp hvp jacobian hessian}): a derivative of the
     * earlier function {@code function} with respect to its parameter {@code wrt}, applied to {@code args}.
     */
    public record Derivative(String kind, String function, String wrt, List<Expr> args, Span span, Span kindSpan,
                             Span functionSpan, Span wrtSpan) implements Expr {
        public Derivative {
            args = List.copyOf(args);
        }
    }

    /** {@code x[i]} or {@code x[i, j]}. */
    public record Index(Expr target, List<Expr> indices, Span span) implements Expr {
        public Index {
            indices = List.copyOf(indices);
        }
    }

    /** {@code a:b}, {@code :b}, {@code a:} or {@code :} inside brackets; an absent bound is null. */
    public record Slice(Expr from, Expr to, Span span) implements Expr {
    }

    /** {@code [a, b, c]} or {@code [[1, 2], [3, 4]]}. */
    public record ArrayLiteral(List<Expr> elements, Span span) implements Expr {
        public ArrayLiteral {
            elements = List.copyOf(elements);
        }
    }
}
