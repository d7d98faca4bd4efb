package dev.gradc.lower;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * A function lowered to the graph IR: its size names, typed parameters (the graph's parameters, in order),
 * output type, value graph and the derivatives its annotations request.
 */
public record FunctionIr(String name, List<String> sizes, List<ParamInfo> params, Type output, Graph graph,
                         List<Request> requests, Span span) {

    /** A parameter of the function: its name, type and declaration. */
    public record ParamInfo(String name, Type type, Span span) {
        public boolean isReal() {
            return type instanceof Type.Real;
        }
    }

    public FunctionIr {
        sizes = List.copyOf(sizes);
        params = List.copyOf(params);
        requests = List.copyOf(requests);
        if (requests.stream().map(Request::kind).distinct().count() != requests.size()) {
            // each kind is one generated method returning one record named after the kind (F.Grad, ...)
            throw new IllegalArgumentException("two derivative requests of one kind for " + name + ": " + requests);
        }
    }

    /**
     * This function with {@code extra} requested too: a request replaces the function's own request of its kind
     * (whatever parameters that one named), since there is one derivative method of each kind.
     */
    public FunctionIr requesting(List<Request> extra) {
        List<Request> out = new java.util.ArrayList<>(requests);
        for (Request r : extra) {
            out.removeIf(old -> old.kind() == r.kind());
            out.add(r);
        }
        return new FunctionIr(name, sizes, params, output, graph, out, span);
    }

    public int paramIndex(String paramName) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(paramName)) {
                return i;
            }
        }
        return -1;
    }

    public boolean hasRequest(Request.Kind kind) {
        return requests.stream().anyMatch(r -> r.kind() == kind);
    }

    public Request request(Request.Kind kind) {
        return requests.stream().filter(r -> r.kind() == kind).findFirst().orElse(null);
    }

    /** The names of all real parameters, in declaration order. */
    public List<String> realParams() {
        return params.stream().filter(ParamInfo::isReal).map(ParamInfo::name).toList();
    }
}
