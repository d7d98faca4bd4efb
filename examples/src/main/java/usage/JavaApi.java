package usage;

import dev.gradc.Gradc;
import dev.gradc.engine.CompiledModule;
import java.util.Arrays;

/**
 * gradc from Java, with no build step: {@link Gradc#compile(String)} parses, checks and differentiates a
 * program, generates its Java class, compiles it with javac in memory and loads it (JIT-like use; needs a
 * JDK at run time). The README shows this program.
 */
public final class JavaApi {

    private JavaApi() {
    }

    public static void main(String[] args) {
        CompiledModule model = Gradc.compile("""
                module demo.Model;
                @grad
                fn f(x: real, w: real[3]) -> real {
                  return sin(x) * sum(w * w);
                }
                """);
        CompiledModule.Result r = model.grad("f", 0.5, new double[] {1, 2, 3});
        double value = (Double) r.value();               // sin(0.5) * 14
        double dfdx = (Double) r.parts().get("x");       // cos(0.5) * 14
        double[] dfdw = (double[]) r.parts().get("w");   // sin(0.5) * 2w
        System.out.println("f = " + value + ", df/dx = " + dfdx + ", df/dw = " + Arrays.toString(dfdw));
        System.out.println("generated class: " + model.type().getName());
    }
}
