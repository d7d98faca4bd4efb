package dev.gradc.ops;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * The boundary of a call of a function that has custom derivative rules ({@code @vjp_rule}, {@code @jvp_rule})
 * or is an extern Java method, or of an inner {@code grad}/{@code vjp} whose rules the compiler builds
 * ({@code passes.NestedRules}). Inputs: the call's arguments, then the callee's value y, computed from detached
 * arguments (so nothing differentiates the body). The value is y; the derivatives are the rules, each a graph
 * over (arguments..., y, ybar) or (arguments..., y, dx) inlined where a derivative needs it. Because the inlined
 * rule is ordinary nodes, a second derivative differentiates the rule.
 */
public final class CustomRule implements Primitive {

    private final String function;
    private final List<String> params;
    private final Graph[] vjps;
    private final Graph[] jvps;
    private final Span call;
    private final boolean insideOwnRule;

    /**
     * @param params        the callee's parameter names; {@code vjps[i]} and {@code jvps[i]} are the rules of
     *                      parameter i, or null where there is none
     * @param insideOwnRule a call of the function inside one of its own rules, where its rules do not apply
     */
    public CustomRule(String function, List<String> params, Graph[] vjps, Graph[] jvps, Span call,
                      boolean insideOwnRule) {
        this.insideOwnRule = insideOwnRule;
        this.function = function;
        this.params = List.copyOf(params);
        this.vjps = vjps.clone();
        this.jvps = jvps.clone();
        this.call = call;
    }

    public String function() {
        return function;
    }

    /** The JVP rules there are, in parameter order. */
    public List<Graph> jvpRules() {
        return java.util.Arrays.stream(jvps).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public String mnemonic() {
        return "custom_rule";
    }

    @Override
    public String attributes() {
        return function;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return inputs.get(inputs.size() - 1);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return inputs[inputs.length - 1];
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int n = params.size();
        int[] contributions = new int[in.length];
        java.util.Arrays.fill(contributions, NONE);
        for (int i = 0; i < n; i++) {
            if (!need[i]) {
                continue;
            }
            if (vjps[i] == null) {
                throw new MissingRuleException(call, "vjp_rule", function, params.get(i), insideOwnRule);
            }
            contributions[i] = dev.gradc.passes.Nested.inline(g, vjps[i], ruleArgs(in, out, bar));
        }
        return contributions;
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] tangents) {
        int sum = NONE;
        for (int i = 0; i < params.size(); i++) {
            if (tangents[i] == NONE) {
                continue;
            }
            if (jvps[i] == null) {
                throw new MissingRuleException(call, "jvp_rule", function, params.get(i), insideOwnRule);
            }
            int d = dev.gradc.passes.Nested.inline(g, jvps[i], ruleArgs(in, out, tangents[i]));
            sum = sum == NONE ? d : g.add(sum, d);
        }
        return sum;
    }

    /**
     * Whether a graph (or one nested in its regions) calls a function that has a VJP rule for a parameter but no
     * JVP rule: reverse mode must not differentiate such a loop in forward mode.
     */
    public static boolean reverseOnly(Graph g) {
        java.util.Deque<Graph> work = new java.util.ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            for (Node n : work.pop().nodes()) {
                if (n.op() instanceof CustomRule c) {
                    for (int i = 0; i < c.vjps.length; i++) {
                        if (c.vjps[i] != null && c.jvps[i] == null) {
                            return true;
                        }
                    }
                }
                if (n.op() instanceof dev.gradc.ir.Region r) {
                    work.addAll(r.graphs());
                }
            }
        }
        return false;
    }

    /** The callee's arguments, then y, then the seed or tangent. */
    private int[] ruleArgs(int[] in, int out, int last) {
        int[] args = java.util.Arrays.copyOf(in, params.size() + 2);
        args[params.size()] = out;
        args[params.size() + 1] = last;
        return args;
    }
}
