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
 *
 * <p>In a second derivative (reverse over forward) the state carries forward-mode tangents: every sweep carries
 * them too, the node outputs the final tangents beside the final values, and each trip is recorded from leaves
 * for both, so that the backward pass gives the adjoints of the starting values and of their tangents. The
 * loop then keeps c states with their tangents and one trip's tape, as in a first derivative.
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
        try (Tape.NoGrad off = Tape.noGrad()) { // forward mode still runs: the state's tangents are carried along
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
        Results results = new Results();
        env.forEach((name, v) -> {
            if (v instanceof Tensor t && start.get(name) != v) {
                results.add(name, t);
            }
        });
        if (results.values.isEmpty()) {
            return;
        }
        long n = trips;
        try (Tape.NoForward off = Tape.noForward()) { // the results' tangents are results of the node itself
            Tensor node = CustomOp.apply("checkpointed loop", results.packed(), new int[] {results.total},
                    bar -> reverse(loop, start, results, bar, n, snapshots, inputs, where), inputs.toArray(new Tensor[0]));
            results.values.forEach((name, t) -> {
                Tensor value = results.part(node, "checkpointed loop result", name, t);
                Tensor dot = results.tangents.get(name);
                env.put(name, dot == null ? value : value.dual(results.part(node, "checkpointed loop tangent",
                        "'" + name, dot)));
            });
        }
    }

    /**
     * The loop's results: the variables it changed and, for those that carry one, their tangents, packed in one
     * array (values by name, then tangents by name) that the loop's one tape node outputs.
     */
    private static final class Results {
        final TreeMap<String, Tensor> values = new TreeMap<>();
        final TreeMap<String, Tensor> tangents = new TreeMap<>();
        final Map<String, Integer> offsets = new HashMap<>();
        /** The parts the backward pass reached: the others have no path to the output and get no adjoint. */
        final Set<String> reached = new HashSet<>();
        int total;

        void add(String name, Tensor t) {
            values.put(name, t);
            if (t.tangent() != null) {
                tangents.put(name, t.tangent());
            }
        }

        double[] packed() {
            List<Tensor> all = new ArrayList<>();
            values.forEach((name, t) -> {
                offsets.put(name, total);
                total += t.size();
                all.add(t);
            });
            tangents.forEach((name, t) -> {
                offsets.put("'" + name, total);
                total += t.size();
                all.add(t);
            });
            double[] packed = new double[total];
            int at = 0;
            for (Tensor t : all) {
                System.arraycopy(t.data(), 0, packed, at, t.size());
                at += t.size();
            }
            return packed;
        }

        /** The part {@code key} of the node's output, of the shape of {@code like}. */
        Tensor part(Tensor node, String op, String key, Tensor like) {
            int from = offsets.get(key);
            int size = like.size();
            return CustomOp.apply(op, like.data(), like.shape(), b -> {
                reached.add(key);
                double[] all = new double[total];
                System.arraycopy(b, 0, all, from, size);
                return new double[][] {all};
            }, node);
        }

        /**
         * The adjoints of the values (by name) and of the tangents (by name with a prime) in {@code bar}, of the
         * reached parts only: a zero adjoint of a result gone NaN would make the others NaN.
         */
        Map<String, double[]> split(double[] bar) {
            Map<String, double[]> out = new HashMap<>();
            values.forEach((name, t) -> put(out, name, bar, t));
            tangents.forEach((name, t) -> put(out, "'" + name, bar, t));
            return out;
        }

        private void put(Map<String, double[]> out, String key, double[] bar, Tensor like) {
            if (reached.contains(key)) {
                out.put(key, slice(bar, offsets.get(key), like.size()));
            }
        }

        private static double[] slice(double[] bar, int from, int size) {
            double[] b = new double[size];
            System.arraycopy(bar, from, b, 0, size);
            return b;
        }
    }

    /**
     * The tensors of the state that need gradients, each once (names may share one): values and, in a second
     * derivative, the tangents they carry.
     */
    private static List<Tensor> inputs(Map<String, Object> start) {
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<Tensor> out = new ArrayList<>();
        new TreeMap<>(start).forEach((name, v) -> {
            if (v instanceof Tensor t) {
                for (Tensor x : new Tensor[] {t, t.tangent()}) {
                    if (x != null && x.needsGrad() && seen.put(x, true) == null) {
                        out.add(x);
                    }
                }
            }
        });
        return out;
    }

    /** The backward of a checkpointed loop: the adjoint of each input from the adjoint of the packed results. */
    private static double[][] reverse(Loop loop, Map<String, Object> start, Results results, double[] bar,
                                      long trips, int snapshots, List<Tensor> inputs, String where) {
        Reversal r = new Reversal(loop, results.split(bar));
        Checkpointing.run(Schedule.binomial(trips, snapshots), r, constants(start));
        LoopTrips.reversed(where, trips);
        LoopTrips.recomputed(where, r.steps);
        double[][] out = new double[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            for (Map.Entry<String, Object> e : start.entrySet()) {
                if (!(e.getValue() instanceof Tensor t)) {
                    continue;
                }
                double[] a = t == in ? r.adjoints.get(e.getKey()) : t.tangent() == in
                        ? r.adjoints.get("'" + e.getKey()) : null;
                if (a != null) {
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

    /** The state with every tensor (and tangent) detached: what trips recomputed without recording start from. */
    private static Map<String, Object> constants(Map<String, Object> env) {
        Map<String, Object> out = new HashMap<>();
        env.forEach((name, v) -> out.put(name, v instanceof Tensor t ? detached(t) : v));
        return out;
    }

    private static Tensor detached(Tensor t) {
        return t.tangent() == null ? t.detach() : t.detach().dual(t.tangent().detach());
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
            try (Tape.NoGrad off = Tape.noGrad()) { // tangents are carried: the trip's backward needs them
                loop.trip(state);
            }
            steps++;
            return state;
        }

        /**
         * Records trip {@code trip} from fresh leaves (values, and tangents where the state carries them, so that
         * the trip's tangents are recorded too) and runs its backward from the adjoints of the state after it.
         */
        @Override
        public void reverse(long trip, Map<String, Object> before, Map<String, Object> after) {
            Map<String, Object> env = new HashMap<>();
            Map<String, Tensor> leaves = new TreeMap<>();
            before.forEach((name, v) -> {
                if (v instanceof Tensor t) {
                    Tensor leaf = t.detach().requiresGrad();
                    if (t.tangent() != null) {
                        Tensor dot = t.tangent().detach().requiresGrad();
                        leaves.put("'" + name, dot);
                        leaf = leaf.dual(dot);
                    }
                    leaves.put(name, leaf);
                    env.put(name, leaf);
                } else {
                    env.put(name, v);
                }
            });
            loop.trip(env);
            Tensor sum = null;
            for (Map.Entry<String, double[]> e : new TreeMap<>(adjoints).entrySet()) {
                String name = e.getKey();
                Tensor t = name.startsWith("'") ? tangentOf(env.get(name.substring(1))) : tensorOf(env.get(name));
                if (t != null && t.needsGrad()) {
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

        private static Tensor tensorOf(Object v) {
            return v instanceof Tensor t ? t : null;
        }

        private static Tensor tangentOf(Object v) {
            return v instanceof Tensor t ? t.tangent() : null;
        }
    }
}
