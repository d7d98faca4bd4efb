package dev.gradc.lower;

import dev.gradc.diag.Diagnostics;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ops.CustomRule;
import dev.gradc.ops.MissingRuleException;
import dev.gradc.passes.Derivatives;
import dev.gradc.syntax.Ast;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Whether each derivative a function requests can be built when it calls functions with custom rules or
 * extern methods: a derivative that needs a rule nobody wrote is an error at the call, naming the rule (for a
 * request an annotation makes); the implicit request of a function without annotations is left out instead.
 */
final class RuleNeeds {

    private RuleNeeds() {
    }

    /** f with the requests that can be built; null after reporting one that cannot. */
    static FunctionIr check(FunctionIr f, Ast.Function ast, Diagnostics d) {
        if (!hasCustom(f.graph())) {
            return f;
        }
        List<Request> kept = new ArrayList<>();
        for (Request r : f.requests()) {
            try {
                build(f, r);
                kept.add(r);
            } catch (MissingRuleException e) {
                boolean explicit = ast.annotations().stream().anyMatch(a -> a.name().equals(r.kind().annotation()));
                if (explicit) {
                    d.error(e.at(), e.message("@" + r.kind().annotation() + " of '" + f.name() + "'"));
                    return null;
                }
            }
        }
        return new FunctionIr(f.name(), f.sizes(), f.params(), f.output(), f.graph(), kept, f.span());
    }

    private static void build(FunctionIr f, Request r) {
        switch (r.kind()) {
            case GRAD -> Derivatives.gradient(f, r.wrt());
            case VJP -> Derivatives.vjp(f, r.wrt());
            case JVP, JACOBIAN -> Derivatives.jvp(f, r.wrt());
            case HESSIAN, HVP -> Derivatives.hvp(f, r.wrt());
        }
    }

    /** Whether a graph or any graph nested in its regions has a call boundary with rules. */
    static boolean hasCustom(Graph g) {
        Deque<Graph> work = new ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            for (Node n : work.pop().nodes()) {
                if (n.op() instanceof CustomRule) {
                    return true;
                }
                if (n.op() instanceof Region region) {
                    work.addAll(region.graphs());
                }
            }
        }
        return false;
    }
}
