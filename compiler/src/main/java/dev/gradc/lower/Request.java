package dev.gradc.lower;

import java.util.List;

/** A derivative a function asks for with an annotation: what kind, with respect to which parameters. */
public record Request(Kind kind, List<String> wrt) {

    /** The annotation kinds of LANGUAGE.md §2. */
    public enum Kind {
        GRAD("grad"), VJP("vjp"), JVP("jvp"), JACOBIAN("jacobian"), HESSIAN("hessian"), HVP("hvp");

        private final String annotation;

        Kind(String annotation) {
            this.annotation = annotation;
        }

        public String annotation() {
            return annotation;
        }

        public static Kind of(String annotation) {
            for (Kind k : values()) {
                if (k.annotation.equals(annotation)) {
                    return k;
                }
            }
            return null;
        }
    }

    public Request {
        wrt = List.copyOf(wrt);
    }
}
