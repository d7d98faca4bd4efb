package dev.gradc.ops;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.ir.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An op that declares {@link Trait#READS_ONLY} keeps nothing of its operands' arrays: the passes and the interpreter
 * then let a later write change an operand in place ({@link OperandReads}), so the interpreter's result must be a
 * new array whatever the operand's rank. A transpose of a vector had returned its operand itself, which was safe
 * only while the passes' list left transposes out (the emitter's list had them: one op, two answers).
 */
class ReadsOnlyTraitTest {

    private static final EvalContext CTX = new EvalContext(Map.of());
    private static final NDArray SCALAR = NDArray.scalar(2.5);
    private static final NDArray VECTOR = new NDArray(new double[] {1, -2, 3}, new int[] {3});
    private static final NDArray SQUARE = new NDArray(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new int[] {3, 3});
    private static final NDArray WIDE = new NDArray(new double[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3});

    private record Case(Primitive op, NDArray... inputs) {
    }

    @Test
    void anOpThatOnlyReadsGivesANewArrayForOperandsOfEveryRank() {
        List<Case> cases = List.of(
                new Case(new Transpose(), SCALAR), new Case(new Transpose(), VECTOR), new Case(new Transpose(), WIDE),
                new Case(new Triangle(true), SQUARE), new Case(new Triangle(false), WIDE),
                new Case(new Diag(null, null), VECTOR), new Case(new Diagonal(), SQUARE), new Case(new Diagonal(), WIDE),
                new Case(new Broadcast(Shape.fixed(2, 3), List.of(1)), VECTOR),
                new Case(new Broadcast(Shape.fixed(3), List.of(0)), VECTOR),
                new Case(Unary.NEG, VECTOR), new Case(Unary.EXP, SQUARE), new Case(Binary.ADD, VECTOR, VECTOR),
                new Case(new ReduceSum(List.of()), VECTOR), new Case(new ReduceSum(List.of(0)), WIDE),
                new Case(new ReduceMax(List.of(1)), WIDE), new Case(new Matmul(false, false), WIDE, VECTOR),
                new Case(new Outer(), VECTOR, VECTOR));
        for (Case c : cases) {
            assertTrue(OperandReads.onlyReads(c.op()), c.op().mnemonic() + " declares READS_ONLY");
            NDArray out = (NDArray) c.op().eval(c.inputs(), CTX);
            for (NDArray in : c.inputs()) {
                assertNotSame(in.data(), out.data(), c.op().mnemonic() + " of rank " + in.rank());
            }
        }
    }

    /** A scatter writes its operand into zeros of its own, so the arrays its operand's value is read from stay free. */
    @Test
    void aScatterGivesZerosOfItsOwn() {
        List<Object[]> cases = List.of(
                new Object[] {new Scatter(Shape.fixed(2, 3), 1), VECTOR, 1},
                new Object[] {new RowsScatter(Shape.fixed(5)), VECTOR, 1},
                new Object[] {new ColumnScatter(Shape.fixed(3, 2)), VECTOR, 1},
                new Object[] {new BlockScatter(Shape.fixed(3, 3)), WIDE, 1, 0});
        for (Object[] c : cases) {
            Primitive op = (Primitive) c[0];
            Object[] inputs = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertTrue(OperandReads.onlyReads(op), op.mnemonic() + " declares READS_ONLY");
            NDArray out = (NDArray) op.eval(inputs, CTX);
            assertNotSame(((NDArray) inputs[0]).data(), out.data(), op.mnemonic());
            assertTrue(java.util.Arrays.stream(out.data()).filter(x -> x != 0).count()
                    == java.util.Arrays.stream(((NDArray) inputs[0]).data()).filter(x -> x != 0).count(), op.mnemonic());
        }
    }

    @Test
    void partsAreCopiesInTheInterpreterAndNotReadsOnly() {
        for (Primitive p : List.<Primitive>of(new Index(1), new Column(), new Gather(), new IntColumn(false))) {
            assertTrue(OperandReads.copiesEntries(p) && !OperandReads.onlyReads(p), p.mnemonic());
        }
        Primitive write = new IntColumn(true);
        assertTrue(!OperandReads.copiesEntries(write) && !OperandReads.onlyReads(write), "a write keeps its array");
    }
}
