package spiral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tape and the generated gradient train identically: same gradients, so the same losses step by step. */
class TapeVsCompiledTest {

    @Test
    void bothReachTheSameLossAfterAFewSteps() {
        TrainSpiral.Config config = TrainSpiral.Config.standard();
        Spirals train = config.train();
        double[][] pc = Weights.init(config.initSeed());
        double[][] pt = Weights.init(config.initSeed());
        Training compiled = new Training(LossGradient.COMPILED, train, config.batchSize(), pc, config.lr(), 1);
        Training tape = new Training(LossGradient.TAPE, train, config.batchSize(), pt, config.lr(), 1);
        for (int step = 0; step < 8; step++) {
            Spirals batch = train.slice(step * config.batchSize(), (step + 1) * config.batchSize());
            assertEquals(compiled.step(batch), tape.step(batch), 1e-9, "loss at step " + step);
        }
        assertEquals(Training.loss(train, pc), Training.loss(train, pt), 1e-9);
        double apart = TapeVsCompiled.maxDifference(pc, pt);
        assertTrue(apart < 1e-9, "weights differ by " + apart);
    }

    @Test
    void tapeGradientEqualsTheGeneratedOne() {
        Spirals batch = TrainSpiral.Config.standard().train().slice(0, 20);
        double[][] p = Weights.init(3);
        double[][] gc = Weights.copy(p);
        double[][] gt = Weights.copy(p);
        double lc = LossGradient.COMPILED.lossAndGradient(batch, p, gc);
        double lt = LossGradient.TAPE.lossAndGradient(batch, p, gt);
        assertEquals(lc, lt, 1e-14);
        double apart = TapeVsCompiled.maxDifference(gc, gt);
        assertTrue(apart < 1e-14, "gradients differ by " + apart);
    }

    @Test
    void comparisonPrintsBothEnginesAndTheSpeedUp() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TapeVsCompiled.Run[] runs = TapeVsCompiled.compare(TrainSpiral.Config.standard().withEpochs(1), 1,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("generated (Mlp.lossGrad)") && out.contains("tape (define-by-run)"), out);
        assertTrue(out.contains("speed-up of the generated gradient over the tape: "), out);
        double[] a = runs[0].losses();
        double[] b = runs[1].losses();
        assertEquals(a[a.length - 1], b[b.length - 1], 1e-9);
    }
}
