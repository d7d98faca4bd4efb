package tour;

import dev.gradc.Gradc;
import dev.gradc.runtime.tape.Tensor;
import java.io.PrintStream;
import java.util.Arrays;
import seed.VectorSquare;

/**
 * Section 3 of the talk, non-scalar outputs: y = x * x at x = [1, 2, 3]. A vector output has no gradient,
 * only a Jacobian (here diag(2x)) and its products with a seed: the vector-Jacobian product with
 * v = [1, 1, 1] is [2, 4, 6]. Asking for a plain gradient is an error, both in the define-by-run tape (as
 * PyTorch's {@code backward()}) and at compile time ({@code @grad} on a vector output).
 */
public final class NonScalarOutput {

    /** The same function with {@code @grad}, which gradc refuses: the output is not a scalar. */
    static final String GRAD_OF_A_VECTOR = """
            module tour.BadSquare;
            @grad
            fn square(x: real[3]) -> real[3] {
              return x * x;
            }
            """;

    private NonScalarOutput() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** Prints the VJP and Jacobian from the generated class and the tape, and the two errors. */
    public static void run(PrintStream out) {
        double[] x = {1, 2, 3};
        out.println("== 3. Non-scalar output: y = x * x at x = [1, 2, 3] ==");
        VectorSquare.Square.Vjp vjp = VectorSquare.squareVjp(x, new double[] {1, 1, 1});
        out.println("y                                  = " + Arrays.toString(vjp.value()));
        out.println("VJP with v = [1,1,1] (squareVjp)   = " + Arrays.toString(vjp.x()));
        double[][] jacobian = VectorSquare.squareJacobian(x).x();
        out.println("Jacobian (squareJacobian), by row:");
        for (double[] row : jacobian) {
            out.println("    " + Arrays.toString(row));
        }

        Tensor tx = Tensor.vector(x).requiresGrad();
        Tensor ty = tx.mul(tx);
        try {
            ty.backward();
            out.println("tape: backward() unexpectedly succeeded");
        } catch (IllegalStateException e) {
            out.println("tape: y.backward()          -> error: " + e.getMessage());
        }
        ty.backward(Tensor.ones(3));
        out.println("tape: y.backward(ones(3)); x.grad() = " + Arrays.toString(tx.grad().data()));

        try {
            Gradc.compile(GRAD_OF_A_VECTOR);
            out.println("compiler: @grad on a vector output unexpectedly compiled");
        } catch (IllegalArgumentException e) {
            out.println("compiler: Gradc.compile of @grad on real[3] -> " + e.getMessage().strip().lines()
                    .findFirst().orElse(""));
        }
        out.println("(the command line says the same: gradc run vector_square.grad --fn square --grad ...)");
        out.println();
    }
}
