package dev.gradc.lower;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.ir.Type;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.List;

/** Reads a function's derivative annotations; with none, @grad for a scalar output and @vjp otherwise. */
final class Requests {

    private Requests() {
    }

    static List<Request> of(Ast.Function f, List<FunctionIr.ParamInfo> params, Type output, Diagnostics diagnostics) {
        List<String> reals = params.stream().filter(FunctionIr.ParamInfo::isReal).map(FunctionIr.ParamInfo::name).toList();
        boolean scalar = output instanceof Type.Real r && r.isScalar();
        List<Request> out = new ArrayList<>();
        for (Ast.Annotation a : f.annotations()) {
            if (dev.gradc.check.RuleChecker.isRule(a)) {
                continue; // a rule of another function (checked by RuleChecker), not a request of this one
            }
            Request.Kind kind = Request.Kind.of(a.name());
            if (kind == null) {
                diagnostics.error(a.span(), Messages.unknownAnnotation(a.name()));
                continue;
            }
            if (out.stream().anyMatch(r -> r.kind() == kind)) {
                diagnostics.error(a.span(), Messages.repeatedAnnotation(a.name(), f.name()));
                continue; // one method and one result record per kind: two would clash
            }
            for (String name : a.args()) {
                if (!reals.contains(name)) {
                    diagnostics.error(a.span(), Messages.annotationParameter(a.name(), name));
                }
            }
            if ((kind == Request.Kind.GRAD || kind == Request.Kind.HESSIAN || kind == Request.Kind.HVP) && !scalar) {
                diagnostics.error(a.span(), Messages.gradOfNonScalar(f.name(), output));
                continue;
            }
            out.add(new Request(kind, a.args().isEmpty() ? reals : a.args()));
        }
        if (f.annotations().isEmpty() && !reals.isEmpty()) { // a rule function requests nothing by default
            out.add(new Request(scalar ? Request.Kind.GRAD : Request.Kind.VJP, reals));
        }
        return out;
    }
}
