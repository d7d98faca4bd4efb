package tour;

import dev.gradc.runtime.tape.Tensor;
import java.io.PrintStream;
import seed.Detach;

/**
 * Section 4 of the talk, detaching computation: z = x · u with u = x² detached has dz/dx = u = x² = 4 at
 * x = 2, against 3x² = 12 when u stays attached. The same numbers from the generated class
 * ({@code detach.grad}: {@code x * detach(x * x)}) and from the tape ({@code x.mul(x.mul(x).detach())}).
 */
public final class Detaching {

    private Detaching() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** Prints value and derivative with and without detach, from both engines. */
    public static void run(PrintStream out) {
        double x = 2.0;
        Tensor tx = Tensor.scalar(x).requiresGrad();
        Tensor detached = tx.mul(tx.mul(tx).detach());
        detached.backward();
        double tapeDetached = tx.grad().item();
        tx.zeroGrad();
        Tensor attached = tx.mul(tx.mul(tx));
        attached.backward();
        double tapeAttached = tx.grad().item();

        out.println("== 4. Detaching computation at x = 2 ==");
        out.printf("%-28s %8s %12s %12s%n", "", "z", "dz/dx gen.", "dz/dx tape");
        out.printf("%-28s %8.1f %12.1f %12.1f%n", "z = x * detach(x * x)", Detach.detached(x),
                Detach.detachedGrad(x).x(), tapeDetached);
        out.printf("%-28s %8.1f %12.1f %12.1f%n", "z = x * (x * x)", Detach.attached(x),
                Detach.attachedGrad(x).x(), tapeAttached);
        out.println("Same value 8; the detached factor is a constant for the derivative: 4 = x^2 against 12 = 3x^2.");
        out.println();
    }
}
