package tour;

/** Runs every section of the tour in the talk's order. */
public final class Tour {

    private Tour() {
    }

    public static void main(String[] args) {
        Differentiation.run(System.out);
        MultiPathChainRule.run(System.out);
        NonScalarOutput.run(System.out);
        Detaching.run(System.out);
        ControlFlowSideBySide.run(System.out, 2024L, 6);
        ForwardVsReverse.run(System.out);
    }
}
