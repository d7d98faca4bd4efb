package dev.gradc.emit;

import dev.gradc.lower.Request;
import java.util.List;

/**
 * The Java source of one module and the names in it: for each function, its value method and, per requested
 * derivative, the method and the result record (a nested class of the function's holder class).
 *
 * @param packageName the Java package ("" for none)
 * @param className   the class's simple name
 * @param source      the complete compilation unit
 * @param functions   the functions, in source order
 */
public record EmittedModule(String packageName, String className, String source, List<FunctionApi> functions) {

    public EmittedModule {
        functions = List.copyOf(functions);
    }

    /** The class's binary name, e.g. {@code seed.Polynomial}. */
    public String qualifiedName() {
        return packageName.isEmpty() ? className : packageName + "." + className;
    }

    /** Where the source goes under a source root: {@code seed/Polynomial.java}. */
    public String relativePath() {
        return qualifiedName().replace('.', '/') + ".java";
    }

    public FunctionApi function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The generated API of one function.
     *
     * @param name        the function's name in the program
     * @param valueMethod the method that computes its value
     * @param holder      the simple name of its holder class (which holds the result records), or null
     * @param sizes       its size names, the leading {@code int} parameters of every method
     * @param params      its parameter names, in order
     * @param derivatives the derivative methods, in the order of the requests
     */
    public record FunctionApi(String name, String valueMethod, String holder, List<String> sizes, List<String> params,
                              List<DerivativeApi> derivatives) {

        public FunctionApi {
            sizes = List.copyOf(sizes);
            params = List.copyOf(params);
            derivatives = List.copyOf(derivatives);
        }

        public DerivativeApi derivative(Request.Kind kind) {
            return derivatives.stream().filter(d -> d.kind() == kind).findFirst().orElse(null);
        }
    }

    /**
     * One derivative method: {@code fGrad(…)} returning record {@code F.Grad}. The record's components are the
     * value, then one per parameter in {@code wrt} (for {@code JVP}: the value, then the output's tangent).
     * Extra parameters follow the function's: the seed for {@code VJP}, one tangent per {@code wrt} for {@code JVP}.
     */
    public record DerivativeApi(Request.Kind kind, List<String> wrt, String method, String record) {

        public DerivativeApi {
            wrt = List.copyOf(wrt);
        }
    }
}
