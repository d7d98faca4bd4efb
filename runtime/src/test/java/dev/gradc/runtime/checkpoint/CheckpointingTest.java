package dev.gradc.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CheckpointingTest {

    /** x' = x + h·sin(a·x): the adjoints of x0 and a, by hand; counts the body's evaluations. */
    private static final class Recurrence implements Checkpointing.Loop<double[]> {
        final double a;
        final double h = 0.01;
        double xBar = 1;
        double aBar;
        long steps;

        Recurrence(double a) {
            this.a = a;
        }

        @Override
        public double[] copy(double[] state) {
            return state.clone();
        }

        @Override
        public double[] step(double[] s) {
            steps++;
            return new double[] {s[0] + h * Math.sin(a * s[0])};
        }

        @Override
        public void reverse(long trip, double[] before, double[] after) {
            double x = before[0];
            double c = h * Math.cos(a * x);
            aBar += xBar * c * x;
            xBar = xBar * (1 + c * a);
        }
    }

    private static double[] storeAll(double a, int trips) {
        double[][] kept = new double[trips + 1][];
        Recurrence r = new Recurrence(a);
        kept[0] = new double[] {0.3};
        for (int i = 0; i < trips; i++) {
            kept[i + 1] = r.step(kept[i]);
        }
        for (int i = trips - 1; i >= 0; i--) {
            r.reverse(i, kept[i], kept[i + 1]);
        }
        return new double[] {kept[trips][0], r.xBar, r.aBar};
    }

    @Test
    void checkpointedGradientsAreBitIdenticalToStoringEverything() {
        for (int trips : new int[] {0, 1, 2, 7, 100, 1_234}) {
            double[] want = storeAll(1.7, trips);
            for (int c : new int[] {1, 2, 3, 10, 2_000}) {
                for (boolean online : new boolean[] {false, true}) {
                    Recurrence r = new Recurrence(1.7);
                    Schedule s = online ? Schedule.online(trips, c) : Schedule.binomial(trips, c);
                    double[] last = Checkpointing.run(s, r, new double[] {0.3});
                    String at = trips + " trips, " + c + " snapshots, online " + online;
                    assertEquals(Double.doubleToLongBits(want[0]), Double.doubleToLongBits(last[0]), at);
                    assertEquals(Double.doubleToLongBits(want[1]), Double.doubleToLongBits(r.xBar), at);
                    assertEquals(Double.doubleToLongBits(want[2]), Double.doubleToLongBits(r.aBar), at);
                    Counts n = (online ? Schedule.online(trips, c) : Schedule.binomial(trips, c)).count();
                    assertEquals(n.advances(), r.steps, at);
                }
            }
        }
    }

    @Test
    void theGradientMatchesCentralDifferences() {
        double a = 1.3;
        double eps = 1e-6;
        double[] up = storeAll(a + eps, 500);
        double[] down = storeAll(a - eps, 500);
        Recurrence r = new Recurrence(a);
        Checkpointing.run(Schedule.binomial(500, 4), r, new double[] {0.3});
        assertEquals((up[0] - down[0]) / (2 * eps), r.aBar, 1e-7);
    }
}
