package dev.gradc.bench.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.bench.MlpData;
import dev.gradc.bench.RnnData;
import dev.gradc.bench.ScalarData;
import dev.gradc.bench.handwritten.ChainByHand;
import dev.gradc.bench.handwritten.ControlFlowByHand;
import dev.gradc.bench.handwritten.LogSinByHand;
import dev.gradc.bench.handwritten.MlpByHand;
import dev.gradc.bench.handwritten.PolyByHand;
import dev.gradc.bench.handwritten.RnnByHand;
import dev.gradc.bench.tape.TapePrograms;
import org.junit.jupiter.api.Test;

/**
 * The code gradc generated from {@code src/main/grad/bench} and the tape versions compute what the
 * hand-written baselines compute, on the benchmarks' own inputs: the benchmarks compare like with like.
 * Tolerance 1e-12 relative to the largest entry (the three sum in different orders).
 */
class GeneratedAgreesWithHandWrittenTest {

    private static final double RELATIVE = 1e-12;

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, RELATIVE * Math.max(Math.abs(expected), 1e-300), what);
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], RELATIVE * scale, what + "[" + i + "]");
        }
    }

    @Test
    void elementAccess() {
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 + 0.4 * Math.sin(i);
        }
        var squares = dev.gradc.bench.handwritten.ElementAccessByHand.squaresGrad(x);
        close(dev.gradc.bench.handwritten.ElementAccessByHand.squares(x), bench.ElementAccess.squares(x.length, x),
                "squares value");
        close(squares.x(), bench.ElementAccess.squaresGrad(x.length, x).x(), "squares gradient");
        var rec = dev.gradc.bench.handwritten.ElementAccessByHand.recurrenceGrad(x, 0.9);
        close(rec.value(), bench.ElementAccess.recurrence(x.length, x, 0.9), "recurrence value");
        var got = bench.ElementAccess.recurrenceGrad(x.length, x, 0.9);
        close(rec.x(), got.x(), "recurrence d/dx");
        close(rec.a(), got.a(), "recurrence d/da");
    }

    @Test
    void poly() {
        double x = ScalarData.polyX();
        PolyByHand.Grad want = PolyByHand.polyGrad(x);
        close(PolyByHand.poly(x), bench.Poly.poly(x), "value");
        var got = bench.Poly.polyGrad(x);
        close(want.value(), got.value(), "grad value");
        close(want.x(), got.x(), "x");
        double[] tape = TapePrograms.polyGrad(x);
        close(want.value(), tape[0], "tape value");
        close(want.x(), tape[1], "tape x");
    }

    @Test
    void chain() {
        double[] a = ScalarData.chainArgs();
        ChainByHand.Grad want = ChainByHand.chainGrad(a[0], a[1], a[2], a[3]);
        close(ChainByHand.chain(a[0], a[1], a[2], a[3]), bench.Chain.chain(a[0], a[1], a[2], a[3]), "value");
        var got = bench.Chain.chainGrad(a[0], a[1], a[2], a[3]);
        double[] wanted = {want.value(), want.w(), want.x(), want.y(), want.z()};
        close(wanted, new double[] {got.value(), got.w(), got.x(), got.y(), got.z()}, "generated");
        close(wanted, TapePrograms.chainGrad(a[0], a[1], a[2], a[3]), "tape");
    }

    @Test
    void logsin() {
        double x = ScalarData.logsinX();
        LogSinByHand.Grad want = LogSinByHand.logsinGrad(x);
        close(LogSinByHand.logsin(x), bench.LogSin.logsin(x), "value");
        var got = bench.LogSin.logsinGrad(x);
        close(new double[] {want.value(), want.x()}, new double[] {got.value(), got.x()}, "generated");
        close(new double[] {want.value(), want.x()}, TapePrograms.logsinGrad(x), "tape");
    }

    @Test
    void controlFlow() {
        double a = ScalarData.controlFlowA();
        ControlFlowByHand.Grad want = ControlFlowByHand.fGrad(a);
        close(ControlFlowByHand.f(a), bench.ControlFlow.f(a), "value");
        var got = bench.ControlFlow.fGrad(a);
        close(new double[] {want.value(), want.a()}, new double[] {got.value(), got.a()}, "generated");
        close(new double[] {want.value(), want.a()}, TapePrograms.controlFlowGrad(a), "tape");
    }

    @Test
    void mlp() {
        MlpData d = MlpData.standard();
        MlpByHand byHand = new MlpByHand();
        MlpByHand.Grad want = byHand.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        close(byHand.loss(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2()),
                bench.Mlp.loss(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2()), "value");
        var got = bench.Mlp.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        close(want.value(), got.value(), "grad value");
        close(want.W1(), got.W1(), "W1");
        close(want.b1(), got.b1(), "b1");
        close(want.W2(), got.W2(), "W2");
        close(want.b2(), got.b2(), "b2");
        double[][] tape = TapePrograms.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        close(want.value(), tape[0][0], "tape value");
        close(want.W1(), tape[1], "tape W1");
        close(want.b1(), tape[2], "tape b1");
        close(want.W2(), tape[3], "tape W2");
        close(want.b2(), tape[4], "tape b2");
    }

    @Test
    void rnn() {
        RnnData d = RnnData.standard();
        RnnByHand byHand = new RnnByHand();
        RnnByHand.Grad want = byHand.rnnGrad(d.W(), d.h0(), d.x());
        close(byHand.rnn(d.W(), d.h0(), d.x()), bench.Rnn.rnn(d.W(), d.h0(), d.x()), "value");
        var got = bench.Rnn.rnnGrad(d.W(), d.h0(), d.x());
        close(want.value(), got.value(), "grad value");
        close(want.W(), got.W(), "W");
        close(want.h0(), got.h0(), "h0");
        double[][] tape = TapePrograms.rnnGrad(d.W(), d.h0(), d.x());
        close(want.value(), tape[0][0], "tape value");
        close(want.W(), tape[1], "tape W");
        close(want.h0(), tape[2], "tape h0");
    }
}
