package dev.gradc.engine;

import dev.gradc.runtime.checkpoint.Checkpointing;
import dev.gradc.runtime.checkpoint.LoopTrips;
import dev.gradc.runtime.checkpoint.Schedule;
import dev.gradc.runtime.tape.CustomOp;
import dev.gradc.runtime.tape.Tape;
import dev.gradc.runtime.tape.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Define-by-run checkpointing of the tape engine's loops: the rest of a loop runs without recording (its
 * trips counted, nothing kept but the state it starts from), and one tape node stands for all of it. That
 * node's backward reverses the trips last first by Revolve's binomial schedule ({@link Schedule#binomial},
 * run by {@link Checkpointing#run}) with at most c snapshots of the loop's variables: it recomputes the
 * state at the start of each trip from a snapshot without recording, records that one trip from fresh
 * leaves, and runs the trip's backward with the adjoints of the state after it. So the loop keeps c states
 * and one trip's tape at a time, whatever its trip count, for about T more forward steps than the compiled
 * engine's schedule (the first sweep runs again in the backward pass, since the trip count is known only
 * when the loop ends). The state is the whole variable map: names the loop leaves alone pass their
 * adjoints through each trip unchanged and collect what the trips add, so invariants need no special case.
 */
final class TapeCheckpoint {

    /** A loop as the tape engine runs it, over a map of variables. */
    interface Loop {
        /** Whether another trip runs from this state. */
        boolean more(Map<String, Object> env);

        /** One trip: changes the variables in place. */
        void trip(Map<String, Object> env);
    }

    private TapeCheckpoint() {
    }

    /**
     * Runs the rest of {@code loop} from {@code env} (whose next trip is known to run) as one checkpointed tape
     * node with at most {@code snapshots} snapshots; leaves the loop's final variables in {@code env}.
     * {@code limit} bounds the trips, {@code tooMany} is thrown past it. The backward reports the trips it
     * reversed and recomputed to {@link LoopTrips}, as the loop at {@code where}.
     */
    static void run(Loop loop, Map<String, Object> env, int snapshots, long limit, Runnable tooMany, String where) {
        Map<String, Object> start = new HashMap<>(env);
        long trips = 0;
        try (Tape.NoGrad off = Tape.noGrad()) {
            do {
                if (++trips > limit) {
                    tooMany.run();
                }
                loop.trip(env);
            } while (loop.more(env));
        }
        List<Tensor> inputs = inputs(start);
        if (inputs.isEmpty()) {
            return;
        }
        TreeMap<String, Tensor> outputs = new TreeMap<>();
        env.forEach((name, v) -> {
            if (v instanceof Tensor t && start.get(name) != v) {
                outputs.put(name, t);
            }
        });
        if (outputs.isEmpty()) {
            return;
        }
        int total = 0;
        for (Tensor t : outputs.values()) {
            total += t.size();
        }
        double[] packed = new double[total];
        int at = 0;
        for (Tensor t : outputs.values()) {
            System.arraycopy(t.data(), 0, packed, at, t.size());
            at += t.size();
        }
        long n = trips;
        // which results the backward pass reached: the others have no path to the output and get no adjoint
        Set<String> reached = new HashSet<>();
        Tensor node = CustomOp.apply("checkpointed loop", packed, new int[] {total},
                bar -> reverse(loop, start, outputs, reached, bar, n, snapshots, inputs, where), inputs.toArray(new Tensor[0]));
        at = 0;
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            int from = at;
            int size = e.getValue().size();
            env.put(e.getKey(), CustomOp.apply("checkpointed loop result", e.getValue().data(), e.getValue().shape(),
                    b -> {
                        reached.add(e.getKey());
                        double[] all = new double[packed.length];
                        System.arraycopy(b, 0, all, from, size);
                        return new double[][] {all};
                    }, node));
            at += size;
        }
    }

    /** The tensors of the state that need gradients, each once (names may share one). */
    private static List<Tensor> inputs(Map<String, Object> start) {
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<Tensor> out = new ArrayList<>();
        new TreeMap<>(start).forEach((name, v) -> {
            if (v instanceof Tensor t && t.needsGrad() && seen.put(t, true) == null) {
                out.add(t);
            }
        });
        return out;
    }

    /**
     * The backward of a checkpointed loop: the adjoint of each input from the adjoint of the packed results, of
     * which only the {@code reached} ones have one (a zero adjoint of a result gone NaN would make the rest NaN).
     */
    private static double[][] reverse(Loop loop, Map<String, Object> start, TreeMap<String, Tensor> outputs,
                                      Set<String> reached, double[] bar, long trips, int snapshots, List<Tensor> inputs,
                                      String where) {
        Map<String, double[]> adjoints = new HashMap<>();
        int at = 0;
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            int size = e.getValue().size();
            if (reached.contains(e.getKey())) {
                double[] b = new double[size];
                System.arraycopy(bar, at, b, 0, size);
                adjoints.put(e.getKey(), b);
            }
            at += size;
        }
        Reversal r = new Reversal(loop, adjoints);
        Checkpointing.run(Schedule.binomial(trips, snapshots), r, constants(start));
        LoopTrips.reversed(where, trips);
        LoopTrips.recomputed(where, r.steps);
        double[][] out = new double[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            for (Map.Entry<String, Object> e : start.entrySet()) {
                double[] a = r.adjoints.get(e.getKey());
                if (e.getValue() == in && a != null) {
                    out[i] = out[i] == null ? a.clone() : add(out[i], a);
                }
            }
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** The state with every tensor detached: what trips recomputed without recording start from. */
    private static Map<String, Object> constants(Map<String, Object> env) {
        Map<String, Object> out = new HashMap<>();
        env.forEach((name, v) -> out.put(name, v instanceof Tensor t ? t.detach() : v));
        return out;
    }

    /** The loop as {@link Checkpointing} drives it; keeps the adjoints of the state after the trip to reverse. */
    private static final class Reversal implements Checkpointing.Loop<Map<String, Object>> {

        private final Loop loop;
        private Map<String, double[]> adjoints;
        /** Trips run without recording: the first sweep again, and the recomputations from snapshots. */
        private long steps;

        Reversal(Loop loop, Map<String, double[]> adjoints) {
            this.loop = loop;
            this.adjoints = adjoints;
        }

        @Override
        public Map<String, Object> copy(Map<String, Object> state) {
            return new HashMap<>(state);
        }

        @Override
        public Map<String, Object> step(Map<String, Object> state) {
            steps++;
            try (Tape.NoGrad off = Tape.noGrad()) {
                loop.trip(state);
            }
            return state;
        }

        @Override
        public void reverse(long trip, Map<String, Object> before, Map<String, Object> after) {
            Map<String, Object> env = new HashMap<>();
            Map<String, Tensor> leaves = new TreeMap<>();
            before.forEach((name, v) -> {
                if (v instanceof Tensor t) {
                    Tensor leaf = t.detach().requiresGrad();
                    leaves.put(name, leaf);
                    env.put(name, leaf);
                } else {
                    env.put(name, v);
                }
            });
            loop.trip(env);
            Tensor sum = null;
            for (Map.Entry<String, double[]> e : new TreeMap<>(adjoints).entrySet()) {
                if (env.get(e.getKey()) instanceof Tensor t && t.needsGrad()) {
                    Tensor term = t.mul(Tensor.of(e.getValue(), t.shape())).sum();
                    sum = sum == null ? term : sum.add(term);
                }
            }
            Map<String, double[]> next = new HashMap<>();
            if (sum != null) {
                sum.backward();
                leaves.forEach((name, leaf) -> {
                    if (leaf.grad() != null) {
                        next.put(name, leaf.grad().data().clone());
                    }
                });
            }
            adjoints = next;
        }
    }
}
