package spiral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spiral classifier learns, with the generated gradient, and its pictures are written. */
class TrainSpiralTest {

    private static TrainSpiral.Result train(TrainSpiral.Config config, List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainSpiral.Result r = TrainSpiral.train(config, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        lines.addAll(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        return r;
    }

    @Test
    void shortRunLowersTheLossAndSeparatesMostPoints() {
        List<String> lines = new ArrayList<>();
        TrainSpiral.Result r = train(TrainSpiral.Config.standard().withEpochs(40), lines);
        double[] l = r.losses();
        assertTrue(l[l.length - 1] < 0.5 * l[0], "loss " + l[0] + " -> " + l[l.length - 1]);
        assertTrue(r.testAccuracy() >= 0.90, "test accuracy " + r.testAccuracy());
        assertTrue(lines.get(1).startsWith("epoch    1/40 [") && lines.get(1).contains("] loss 0."), lines.get(1));
        assertEquals(40, lines.stream().filter(s -> s.startsWith("epoch")).count());
        assertTrue(lines.get(lines.size() - 1).contains("held-out test accuracy"), lines.toString());
    }

    @Test
    void standardRunReachesTheAccuracyTheReadmeStates() {
        TrainSpiral.Result r = train(TrainSpiral.Config.standard(), new ArrayList<>());
        assertTrue(r.testAccuracy() >= 0.99, "test accuracy " + r.testAccuracy());
    }

    @Test
    void picturesAreWrittenAsPng(@TempDir Path dir) throws Exception {
        TrainSpiral.Config config = TrainSpiral.Config.standard().withEpochs(2);
        TrainSpiral.Result r = train(config, new ArrayList<>());
        Path curve = dir.resolve("loss.png");
        Path boundary = dir.resolve("boundary.png");
        Plots.lossCurve(r.losses(), curve);
        Plots.decisionBoundary(r.weights(), config.train(), config.test(), boundary);
        assertEquals(720, ImageIO.read(curve.toFile()).getWidth());
        assertEquals(500, ImageIO.read(boundary.toFile()).getHeight());
        assertTrue(Files.size(boundary) > 1000);
    }

    @Test
    void generatedGradientMatchesCentralDifferences() {
        TrainSpiral.Config config = TrainSpiral.Config.standard();
        Spirals batch = config.train().slice(0, 16);
        double[][] p = Weights.init(5);
        double[][] g = Weights.copy(p);
        LossGradient.COMPILED.lossAndGradient(batch, p, g);
        Random random = new Random(1);
        for (int i = 0; i < p.length; i++) {
            for (int k = 0; k < 5; k++) {
                int j = random.nextInt(p[i].length);
                double keep = p[i][j];
                double h = 1e-6;
                p[i][j] = keep + h;
                double up = Training.loss(batch, p);
                p[i][j] = keep - h;
                double down = Training.loss(batch, p);
                p[i][j] = keep;
                assertEquals((up - down) / (2 * h), g[i][j], 1e-7, "parameter " + i + " entry " + j);
            }
        }
    }

    @Test
    void spiralsAreTheSameForTheSameSeed() {
        Spirals a = Spirals.generate(50, 0.02, 9);
        Spirals b = Spirals.generate(50, 0.02, 9);
        assertArrayEquals(a.x(), b.x(), 0.0);
        assertArrayEquals(a.label(), b.label());
        assertEquals(100, a.size());
    }
}
