package dev.gradc.syntax;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.grammar.GradBaseVisitor;
import dev.gradc.grammar.GradParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns ANTLR's parse tree into the {@link Ast}; reports malformed literals. */
final class AstBuilder extends GradBaseVisitor<Object> {

    private final String file;
    private final Diagnostics diagnostics;

    AstBuilder(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null ? start : ctx.getStop();
        int stopLen = stop.getText() == null ? 1 : stop.getText().length();
        return new Span(file, start.getLine(), start.getCharPositionInLine() + 1,
                stop.getLine(), stop.getCharPositionInLine() + 1 + stopLen);
    }

    Span span(Token t) {
        return Span.of(file, t.getLine(), t.getCharPositionInLine(), t.getText() == null ? 1 : t.getText().length());
    }

    Span span(TerminalNode n) {
        return span(n.getSymbol());
    }

    Ast.Module module(GradParser.FileContext ctx) {
        String name = ctx.moduleDecl() == null ? null : ctx.moduleDecl().qualifiedName().getText();
        List<Ast.Function> functions = new ArrayList<>();
        for (GradParser.FunctionContext f : ctx.function()) {
            functions.add(function(f));
        }
        return new Ast.Module(name, functions, span(ctx),
                ctx.moduleDecl() == null ? span(ctx) : span(ctx.moduleDecl().qualifiedName()));
    }

    private Ast.Function function(GradParser.FunctionContext ctx) {
        List<Ast.Annotation> annotations = annotations(ctx.annotation());
        GradParser.SignatureContext sig = ctx.signature();
        List<Ast.SizeParam> sizes = new ArrayList<>();
        if (sig.sizeParams() != null) {
            for (TerminalNode id : sig.sizeParams().ID()) {
                sizes.add(new Ast.SizeParam(id.getText(), span(id)));
            }
        }
        List<Ast.Param> params = new ArrayList<>();
        if (sig.params() != null) {
            for (GradParser.ParamContext p : sig.params().param()) {
                params.add(new Ast.Param(p.name.getText(), type(p.type()), span(p)));
            }
        }
        if (ctx.target != null) {
            String quoted = ctx.target.getText();
            Ast.Extern extern = new Ast.Extern(quoted.substring(1, quoted.length() - 1), span(ctx.target));
            return new Ast.Function(sig.name.getText(), annotations, sizes, params, type(sig.type()), List.of(),
                    span(ctx), span(sig.name), extern);
        }
        return new Ast.Function(sig.name.getText(), annotations, sizes, params, type(sig.type()),
                block(ctx.block()), span(ctx), span(sig.name));
    }

    private List<Ast.Annotation> annotations(List<GradParser.AnnotationContext> list) {
        List<Ast.Annotation> annotations = new ArrayList<>();
        for (GradParser.AnnotationContext a : list) {
            List<String> args = new ArrayList<>();
            for (GradParser.AnnotationArgContext arg : a.annotationArg()) {
                args.add(arg.getText());
            }
            annotations.add(new Ast.Annotation(a.name.getText(), args, a.getChildCount() > 2, span(a)));
        }
        return annotations;
    }

    private Ast.TypeRef type(GradParser.TypeContext ctx) {
        List<Ast.Dim> dims = new ArrayList<>();
        for (GradParser.DimContext d : ctx.dim()) {
            dims.add(new Ast.Dim(expr(d.expr()), sourceText(d), span(d)));
        }
        return new Ast.TypeRef(ctx.name.getText(), dims, span(ctx));
    }

    /** The source text of a rule as written, spaces included. */
    private static String sourceText(ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
        if (stop.getStopIndex() < ctx.getStart().getStartIndex()) {
            return ctx.getText();
        }
        return ctx.getStart().getInputStream().getText(
                org.antlr.v4.runtime.misc.Interval.of(ctx.getStart().getStartIndex(), stop.getStopIndex()));
    }

    private List<Ast.Stmt> block(GradParser.BlockContext ctx) {
        List<Ast.Stmt> out = new ArrayList<>();
        for (GradParser.StatementContext s : ctx.statement()) {
            out.add((Ast.Stmt) visit(s));
        }
        return out;
    }

    @Override
    public Object visitAssign(GradParser.AssignContext ctx) {
        return new Ast.Assign(ctx.ID().getText(), expr(ctx.expr()), span(ctx), span(ctx.ID()));
    }

    /** {@code x += e;} is {@code x = x + e;}. */
    @Override
    public Object visitCompound(GradParser.CompoundContext ctx) {
        String op = ctx.op.getText().substring(0, 1);
        Ast.Name self = new Ast.Name(ctx.ID().getText(), span(ctx.ID()));
        Ast.Expr value = expr(ctx.expr());
        Span whole = span(ctx);
        Span valueSpan = new Span(whole.file(), whole.line(), whole.column(), value.span().endLine(),
                value.span().endColumn());
        return new Ast.Assign(ctx.ID().getText(), new Ast.Binary(op, self, value, valueSpan, span(ctx.op)), whole,
                span(ctx.ID()));
    }

    @Override
    public Object visitUpdate(GradParser.UpdateContext ctx) {
        List<Ast.Expr> indices = new ArrayList<>();
        for (GradParser.SubscriptContext sc : ctx.subscript()) {
            indices.add(subscript(sc));
        }
        return new Ast.Update(ctx.ID().getText(), indices, ctx.op.getText(), expr(ctx.expr()), span(ctx),
                span(ctx.ID()));
    }

    private Ast.Expr subscript(GradParser.SubscriptContext ctx) {
        if (ctx instanceof GradParser.SliceContext sl) {
            return new Ast.Slice(sl.from == null ? null : expr(sl.from), sl.to == null ? null : expr(sl.to), span(sl));
        }
        return expr(((GradParser.AtContext) ctx).expr());
    }

    @Override
    public Object visitWhile(GradParser.WhileContext ctx) {
        return new Ast.While(expr(ctx.expr()), block(ctx.block()), span(ctx), annotations(ctx.annotation()));
    }

    @Override
    public Object visitFor(GradParser.ForContext ctx) {
        return new Ast.For(ctx.ID().getText(), expr(ctx.expr(0)), expr(ctx.expr(1)), block(ctx.block()),
                span(ctx), span(ctx.ID()), annotations(ctx.annotation()));
    }

    @Override
    public Object visitIf(GradParser.IfContext ctx) {
        return ifStatement(ctx.ifStatement());
    }

    private Ast.If ifStatement(GradParser.IfStatementContext ctx) {
        List<Ast.Stmt> otherwise = List.of();
        if (ctx.ifStatement() != null) {
            otherwise = List.of(ifStatement(ctx.ifStatement()));
        } else if (ctx.block().size() > 1) {
            otherwise = block(ctx.block(1));
        }
        return new Ast.If(expr(ctx.expr()), block(ctx.block(0)), otherwise, span(ctx));
    }

    @Override
    public Object visitReturn(GradParser.ReturnContext ctx) {
        return new Ast.Return(expr(ctx.expr()), span(ctx));
    }

    private Ast.Expr expr(ParserRuleContext ctx) {
        return (Ast.Expr) visit(ctx);
    }

    private Ast.Expr binary(String op, GradParser.ExprContext l, GradParser.ExprContext r, ParserRuleContext ctx,
                            Token opToken) {
        return new Ast.Binary(op, expr(l), expr(r), span(ctx), span(opToken));
    }

    @Override
    public Object visitPower(GradParser.PowerContext ctx) {
        return binary("^", ctx.expr(0), ctx.expr(1), ctx, (Token) ctx.getChild(1).getPayload());
    }

    @Override
    public Object visitUnary(GradParser.UnaryContext ctx) {
        return new Ast.Unary(ctx.op.getText(), expr(ctx.expr()), span(ctx));
    }

    @Override
    public Object visitMultiplicative(GradParser.MultiplicativeContext ctx) {
        return binary(ctx.op.getText(), ctx.expr(0), ctx.expr(1), ctx, ctx.op);
    }

    @Override
    public Object visitAdditive(GradParser.AdditiveContext ctx) {
        return binary(ctx.op.getText(), ctx.expr(0), ctx.expr(1), ctx, ctx.op);
    }

    @Override
    public Object visitComparison(GradParser.ComparisonContext ctx) {
        return binary(ctx.op.getText(), ctx.expr(0), ctx.expr(1), ctx, ctx.op);
    }

    @Override
    public Object visitAnd(GradParser.AndContext ctx) {
        return binary("&&", ctx.expr(0), ctx.expr(1), ctx, (Token) ctx.getChild(1).getPayload());
    }

    @Override
    public Object visitOr(GradParser.OrContext ctx) {
        return binary("||", ctx.expr(0), ctx.expr(1), ctx, (Token) ctx.getChild(1).getPayload());
    }

    @Override
    public Object visitAtom(GradParser.AtomContext ctx) {
        return visit(ctx.primary());
    }

    @Override
    public Object visitIndex(GradParser.IndexContext ctx) {
        List<Ast.Expr> indices = new ArrayList<>();
        for (GradParser.SubscriptContext sc : ctx.subscript()) {
            indices.add(subscript(sc));
        }
        return new Ast.Index((Ast.Expr) visit(ctx.primary()), indices, span(ctx));
    }

    @Override
    public Object visitCall(GradParser.CallContext ctx) {
        List<Ast.Expr> args = arguments(ctx.arguments(0));
        if (ctx.arguments().size() == 2) {
            return derivative(ctx, args, arguments(ctx.arguments(1)));
        }
        return new Ast.Call(ctx.ID().getText(), args, span(ctx), span(ctx.ID()));
    }

    private List<Ast.Expr> arguments(GradParser.ArgumentsContext ctx) {
        List<Ast.Expr> args = new ArrayList<>();
        for (GradParser.ExprContext e : ctx.expr()) {
            args.add(expr(e));
        }
        return args;
    }

    /** {@code grad(f, x)(args...)}: the first list must name a function and one of its parameters. */
    private Ast.Expr derivative(GradParser.CallContext ctx, List<Ast.Expr> head, List<Ast.Expr> args) {
        String kind = ctx.ID().getText();
        if (head.size() != 2 || !(head.get(0) instanceof Ast.Name f) || !(head.get(1) instanceof Ast.Name x)) {
            diagnostics.error(span(ctx.arguments(0)), dev.gradc.diag.DerivativeMessages.derivativeHead(kind));
            return new Ast.Number(0, false, "0", span(ctx));
        }
        return new Ast.Derivative(kind, f.name(), x.name(), args, span(ctx), span(ctx.ID()), f.span(), x.span());
    }

    @Override
    public Object visitName(GradParser.NameContext ctx) {
        return new Ast.Name(ctx.ID().getText(), span(ctx));
    }

    @Override
    public Object visitNumber(GradParser.NumberContext ctx) {
        return number(ctx.NUMBER().getSymbol(), false);
    }

    @Override
    public Object visitBoolean(GradParser.BooleanContext ctx) {
        return new Ast.Bool(ctx.value.getText().equals("true"), span(ctx));
    }

    @Override
    public Object visitInteger(GradParser.IntegerContext ctx) {
        return number(ctx.INT().getSymbol(), true);
    }

    private Ast.Number number(Token t, boolean integral) {
        String text = t.getText();
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            diagnostics.error(span(t), Messages.numberOutOfRange(text));
        }
        return new Ast.Number(value, integral && value <= Integer.MAX_VALUE, text, span(t));
    }

    @Override
    public Object visitArrayLiteral(GradParser.ArrayLiteralContext ctx) {
        List<Ast.Expr> elements = new ArrayList<>();
        for (GradParser.ExprContext e : ctx.expr()) {
            elements.add(expr(e));
        }
        return new Ast.ArrayLiteral(elements, span(ctx));
    }

    @Override
    public Object visitParen(GradParser.ParenContext ctx) {
        return visit(ctx.expr());
    }
}
