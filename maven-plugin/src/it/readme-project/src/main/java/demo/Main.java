package demo;

public final class Main {
    public static void main(String[] args) {
        Poly.F.Grad g = Poly.fGrad(2.0);                      // value and gradient in one call
        System.out.println("f(2) = " + g.value() + ", f'(2) = " + g.x() + ", forward mode: "
                + Poly.fJvp(2.0, 1.0).tangent());
    }
}
