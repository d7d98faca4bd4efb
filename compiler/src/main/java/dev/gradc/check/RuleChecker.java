package dev.gradc.check;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.RuleMessages;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks custom derivative rules and extern functions: {@code @vjp_rule(f, x)} and {@code @jvp_rule(f, x)} name
 * a function of the module and one of its real parameters, one rule per parameter and kind, and the rule's
 * signature is f's parameters, then f's output y, then the output's adjoint (VJP) or x's tangent (JVP), returning
 * x's adjoint (VJP) or the output's tangent (JVP). Types are compared as written; sizes are bound when lowering.
 */
public final class RuleChecker {

    /** The two rule annotations. */
    public static final String VJP = "vjp_rule";
    public static final String JVP = "jvp_rule";

    private RuleChecker() {
    }

    /** Whether an annotation declares a rule (rather than requesting a derivative). */
    public static boolean isRule(Ast.Annotation a) {
        return a.name().equals(VJP) || a.name().equals(JVP);
    }

    /** One valid rule: {@code rule} gives the {@code kind} derivative of {@code function} in {@code param}. */
    public record Rule(String kind, String function, String param, Ast.Function rule) {
    }

    /** Reports every bad rule and extern declaration; gives the valid rules by "kind function param". */
    public static Map<String, Rule> check(Ast.Module module, Diagnostics d) {
        Map<String, Ast.Function> byName = new LinkedHashMap<>();
        module.functions().forEach(f -> byName.putIfAbsent(f.name(), f));
        Map<String, Rule> rules = new LinkedHashMap<>();
        Map<String, Ast.Annotation> first = new HashMap<>();
        for (Ast.Function r : module.functions()) {
            if (r.isExtern()) {
                extern(r, d);
            }
            for (Ast.Annotation a : r.annotations()) {
                if (!isRule(a)) {
                    continue;
                }
                Rule rule = rule(r, a, byName, d);
                if (rule == null) {
                    continue;
                }
                String key = a.name() + " " + rule.function() + " " + rule.param();
                Ast.Annotation before = first.putIfAbsent(key, a);
                if (before != null) {
                    d.error(a.span(), RuleMessages.duplicateRule(a.name(), rule.function(), rule.param(),
                            before.span().line()));
                } else if (signature(rule, byName.get(rule.function()), d)) {
                    rules.put(key, rule);
                }
            }
        }
        return rules;
    }

    private static Rule rule(Ast.Function r, Ast.Annotation a, Map<String, Ast.Function> byName, Diagnostics d) {
        if (a.args().size() != 2) {
            d.error(a.span(), RuleMessages.ruleArguments(a.name()));
            return null;
        }
        String fname = a.args().get(0);
        String param = a.args().get(1);
        Ast.Function f = byName.get(fname);
        if (f == null) {
            d.error(a.span(), RuleMessages.unknownFunction(a.name(), fname, byName.keySet()));
            return null;
        }
        if (f == r) {
            d.error(a.span(), RuleMessages.ownRule(a.name(), fname));
            return null;
        }
        List<String> reals = f.params().stream().filter(p -> p.type().base().equals("real"))
                .map(Ast.Param::name).toList();
        if (!reals.contains(param)) {
            String type = f.params().stream().filter(p -> p.name().equals(param))
                    .map(p -> (p.type().base().equals("int") ? "an " : "a ") + text(p.type())).findFirst().orElse(null);
            d.error(a.span(), RuleMessages.notARealParameter(a.name(), fname, param, reals, type));
            return null;
        }
        return new Rule(a.name(), fname, param, r);
    }

    /** Whether the rule's parameters and result are what its kind needs; reports the first that is not. */
    private static boolean signature(Rule rule, Ast.Function f, Diagnostics d) {
        Ast.Function r = rule.rule();
        boolean vjp = rule.kind().equals(VJP);
        Ast.TypeRef x = f.params().stream().filter(p -> p.name().equals(rule.param())).findFirst().orElseThrow().type();
        List<String> types = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Ast.Param p : f.params()) {
            types.add(text(p.type()));
            roles.add(f.name() + "'s parameter '" + p.name() + "'");
            names.add(p.name());
        }
        types.add(text(f.returnType()));
        roles.add(f.name() + "'s output");
        names.add("y");
        types.add(vjp ? text(f.returnType()) : text(x));
        roles.add(vjp ? "the adjoint of " + f.name() + "'s output" : "the tangent of '" + rule.param() + "'");
        names.add(vjp ? "ybar" : "d" + rule.param());
        String result = vjp ? text(x) : text(f.returnType());
        String resultRole = vjp ? "the adjoint of '" + rule.param() + "'" : "the tangent of " + f.name() + "'s output";
        StringBuilder sig = new StringBuilder("fn ").append(r.name()).append('(');
        for (int i = 0; i < types.size(); i++) {
            sig.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(types.get(i));
        }
        sig.append(") -> ").append(result);
        if (r.params().size() != types.size()) {
            d.error(r.nameSpan(), RuleMessages.parameterCount(r.name(), rule.kind(), r.params().size(), sig.toString()));
            return false;
        }
        for (int i = 0; i < types.size(); i++) {
            Ast.Param p = r.params().get(i);
            if (!text(p.type()).equals(types.get(i))) {
                d.error(p.span(), RuleMessages.parameterType(r.name(), i + 1, p.name(), roles.get(i), types.get(i),
                        text(p.type()), sig.toString()));
                return false;
            }
        }
        if (!text(r.returnType()).equals(result)) {
            d.error(r.returnType().span(), RuleMessages.returnType(r.name(), resultRole, result, text(r.returnType())));
            return false;
        }
        return true;
    }

    private static void extern(Ast.Function f, Diagnostics d) {
        String target = f.extern().target();
        int dot = target.lastIndexOf('.');
        if (dot <= 0 || dot == target.length() - 1 || !target.matches("[\\w$]+(\\.[\\w$]+)+")) {
            d.error(f.extern().span(), RuleMessages.externTarget(target));
        }
        for (Ast.Annotation a : f.annotations()) {
            if (!isRule(a)) {
                d.error(a.span(), RuleMessages.externAnnotation(f.name(), a.name()));
            }
        }
        for (Ast.Param p : f.params()) {
            externType(f, p.type(), d);
        }
        externType(f, f.returnType(), d);
    }

    private static void externType(Ast.Function f, Ast.TypeRef t, Diagnostics d) {
        boolean ok = t.base().equals("real") || t.base().equals("int");
        if (!ok) {
            d.error(t.span(), RuleMessages.externParameterType(f.name(), text(t)));
        }
    }

    /** A type as written, with its dimensions' text: {@code real[N, 3]}. */
    static String text(Ast.TypeRef t) {
        if (t.dims().isEmpty()) {
            return t.base();
        }
        List<String> dims = new ArrayList<>();
        t.dims().forEach(x -> dims.add(x.text().replace(" ", "")));
        return t.base() + "[" + String.join(", ", dims) + "]";
    }
}
