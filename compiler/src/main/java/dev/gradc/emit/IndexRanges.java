package dev.gradc.emit;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Cond;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.While;
import java.util.HashMap;
import java.util.Map;

/**
 * Which int indices of a graph's code are within their dimension whatever the inputs, so that the emitter may
 * write {@code x[i]} where it would write {@code x[Checks.index(i, N, 0, "…")]}: a counter of a counted loop
 * ({@code for i in 0..N}, and the adjoint loops the passes build, counting their trips down) indexing a
 * dimension its bound fits, and sums, differences and constant multiples of such values ({@code M-1-j}).
 *
 * <p>Each int node gets an interval of affine forms ({@link Form}) over the size names (never negative: every
 * method checks them on entry) and over atoms, the final counters of the counted loops of a graph, each atom
 * bounded in turn. A value the analysis cannot bound is unknown and its index stays checked. What it reads:
 * <ul>
 * <li>in a loop body (not its condition), the counter lies in {@code [from, to - 1]} counting up and
 *     {@code [to + 1, from]} counting down, and every carried int the body steps as the counter is stepped
 *     keeps its distance to the counter ({@code x = counter + (x0 - from)});
 * <li>counting down from {@code t = max(0, x)} to a bound at least 0 (the reversed trips of a counted loop count
 *     their trip count down so), the counter in the body is at least 1, so {@code t} is x there; the start of a
 *     carried int stepped beside it is read as one form with x ({@link #form}: sizes, constants, sums and
 *     constant multiples, any other bounded value an atom of its own), so that {@code j = k + 1 + t} stepped down
 *     lies in {@code [k + 1, x + k]}, x's terms cancelling ({@code x = N - (k + 1)}: below N);
 * <li>a loop counted by no fact that steps an int c down by a constant s &gt; 1 while {@code c > b} (b &ge; 0: the
 *     loop of pairs of {@code passes/JammedRows}) is read as counting c down to b, and a carried int stepped down
 *     by s beside it keeps its distance to c;
 * <li>a branch's parameters and a body's invariants are the values around the region;
 * <li>a counted loop's final counter ends within {@code [from, max(from, to)]} (or {@code [min(from, to), from]});
 * <li>{@code +}, {@code -}, {@code *} are Java's ints, exact modulo 2³²: when the true value lies in
 *     {@code [0, dim)}, the int computed is that value, whatever overflowed on the way.
 * </ul>
 * Regions written as methods of their own ({@link RegionMethods}) have no enclosing code here, and keep their
 * checks.
 */
final class IndexRanges {

    /**
     * {@code constant + Σ coefficient · term}: a term is a size name (a String, never negative) or an {@link Atom}.
     */
    record Form(long constant, Map<Object, Long> terms) {

        static Form of(long c) {
            return new Form(c, Map.of());
        }

        static Form term(Object t) {
            return new Form(0, Map.of(t, 1L));
        }

        Form plus(Form o, long sign) {
            Map<Object, Long> t = new HashMap<>(terms);
            o.terms.forEach((k, v) -> t.merge(k, Math.multiplyExact(sign, v), Math::addExact));
            t.values().removeIf(v -> v == 0);
            return new Form(Math.addExact(constant, Math.multiplyExact(sign, o.constant)), t);
        }

        Form times(long k) {
            Map<Object, Long> t = new HashMap<>();
            terms.forEach((name, v) -> t.put(name, Math.multiplyExact(k, v)));
            t.values().removeIf(v -> v == 0);
            return new Form(Math.multiplyExact(k, constant), t);
        }

        /** Whether this form is never negative: its atoms at their worst bounds, then every part ≥ 0. */
        boolean nonNegative() {
            Form f = withoutAtoms(true);
            return f != null && f.constant >= 0 && f.terms.values().stream().allMatch(v -> v >= 0);
        }

        /**
         * The least (or the greatest) value this form takes with every size in {@code [0, Integer.MAX_VALUE]};
         * null when an atom is unbounded that way.
         */
        Long numeric(boolean least) {
            Form f = withoutAtoms(least);
            if (f == null) {
                return null;
            }
            long v = f.constant;
            for (long k : f.terms.values()) {
                if (least == k < 0) {
                    v = Math.addExact(v, Math.multiplyExact(k, Integer.MAX_VALUE));
                }
            }
            return v;
        }

        /** This form with its atoms at their least (or greatest) bounds; null when such a bound is unknown. */
        private Form withoutAtoms(boolean least) {
            Form f = this;
            for (int depth = 0; depth < 16; depth++) {
                Atom atom = f.terms.keySet().stream().filter(Atom.class::isInstance).map(Atom.class::cast)
                        .max(java.util.Comparator.comparingLong(a -> a.order)).orElse(null);
                if (atom == null) {
                    return f;
                }
                long k = f.terms.get(atom);
                Interval bound = atom.range;
                Form worst = k > 0 == least ? bound.lo : bound.hi;
                if (worst == null) {
                    return null;
                }
                Map<Object, Long> rest = new HashMap<>(f.terms);
                rest.remove(atom);
                f = new Form(f.constant, rest).plus(worst.times(k), 1);
            }
            return null;
        }
    }

    /** The final counter of counted loop {@code node} of some graph's code, known to lie within {@code range}. */
    static final class Atom {
        private static final java.util.concurrent.atomic.AtomicLong MADE = new java.util.concurrent.atomic.AtomicLong();
        final Interval range;
        /** Made after the atoms its range names: substituted first, so that it cancels against them. */
        final long order = MADE.incrementAndGet();

        Atom(Interval range) {
            this.range = range;
        }
    }

    /**
     * Bounds of a value (a null side is unknown). With {@code exact} the int Java computes lies within them; without,
     * only the value it is congruent to modulo 2³² does ({@code +}, {@code -}, {@code *} overflowed on the way, or
     * may have): enough for an index, which is that value when it lies in {@code [0, dim)}, not for comparing it.
     */
    record Interval(Form lo, Form hi, boolean exact) {

        static final Interval UNKNOWN = new Interval(null, null, true);

        static Interval exactly(Form f) {
            return new Interval(f, f, true);
        }

        Interval plus(Interval o, long sign) {
            Form l = sign > 0 ? o.lo : o.hi;
            Form h = sign > 0 ? o.hi : o.lo;
            return new Interval(lo == null || l == null ? null : lo.plus(l, sign),
                    hi == null || h == null ? null : hi.plus(h, sign), exact && o.exact).checked();
        }

        Interval times(long k) {
            Form l = k >= 0 ? lo : hi;
            Form h = k >= 0 ? hi : lo;
            return new Interval(l == null ? null : l.times(k), h == null ? null : h.times(k), exact).checked();
        }

        /** Whether these bounds are one value. */
        boolean single() {
            return lo != null && lo.equals(hi);
        }

        /** The bounds of Java's int: these, when they were exact and every value within them is an int. */
        private Interval checked() {
            if (!exact) {
                return this;
            }
            Long least = lo == null ? null : lo.numeric(true);
            Long most = hi == null ? null : hi.numeric(false);
            return least != null && most != null && least >= Integer.MIN_VALUE && most <= Integer.MAX_VALUE ? this
                    : new Interval(lo, hi, false);
        }

        /** These bounds where they hold for Java's int, else unknown (what a comparison or a max may use). */
        Interval ofJava() {
            return exact ? this : UNKNOWN;
        }
    }

    private final GraphCode gc;
    private final Map<Integer, Interval> known = new HashMap<>();
    private final Map<Integer, Atom> atoms = new HashMap<>();
    /** Per node {@link #form} names by an atom, that atom: the node's value, whatever it is, within its bounds. */
    private final Map<Integer, Form> values = new HashMap<>();
    /** What {@link #form} gave per node and taken arm (null: no form). */
    private final Map<Long, Form> forms = new HashMap<>();

    IndexRanges(GraphCode gc) {
        this.gc = gc;
    }

    /** Whether int node {@code id} of this code's graph lies in {@code [0, dim)} whatever the inputs. */
    boolean within(int id, Dim dim) {
        Interval r = range(id);
        if (r.lo == null || r.hi == null) {
            return false;
        }
        Form d = new Form(dim.constant(), new HashMap<>(dim.terms()));
        try {
            return r.lo.nonNegative() && d.plus(Form.of(1), -1).plus(r.hi, -1).nonNegative();
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    /** The bounds of int node {@code id} of this code's graph. */
    Interval range(int id) {
        int r = gc.info.rep(id);
        Interval found = known.get(r);
        if (found == null) {
            known.put(r, Interval.UNKNOWN); // a cycle (none in a graph) reads as unknown
            try {
                found = compute(gc.g.node(r));
            } catch (ArithmeticException overflow) {
                found = Interval.UNKNOWN;
            }
            known.put(r, found);
        }
        return found;
    }

    private Interval compute(Node n) {
        Graph g = gc.g;
        if (!(g.type(n.id()) instanceof Type.Int)) {
            return Interval.UNKNOWN;
        }
        Object op = n.op();
        if (op instanceof IntConstant k) {
            return Interval.exactly(Form.of(k.value()));
        }
        if (op instanceof SizeOf s) {
            return Interval.exactly(Form.term(s.size()));
        }
        if (op == Binary.ADD || op == Binary.SUB) {
            return range(n.input(0)).plus(range(n.input(1)), op == Binary.ADD ? 1 : -1);
        }
        if (op == Binary.MUL) {
            Interval a = range(n.input(0));
            Interval b = range(n.input(1));
            return b.single() && b.lo.terms().isEmpty() ? a.times(b.lo.constant())
                    : a.single() && a.lo.terms().isEmpty() ? b.times(a.lo.constant()) : Interval.UNKNOWN;
        }
        if (op == Binary.MAX || op == Binary.MIN) {
            return extreme(range(n.input(0)).ofJava(), range(n.input(1)).ofJava(), op == Binary.MAX);
        }
        if (op instanceof Proj p && g.node(gc.info.rep(n.input(0))).op() instanceof While w) {
            return finalValue(g.node(gc.info.rep(n.input(0))), w, p.index());
        }
        int param = g.params().indexOf(n.id());
        return param >= 0 ? parameter(param) : Interval.UNKNOWN;
    }

    /**
     * max(a, b) or min(a, b) of Java's ints: max is at least either's lower bound (the larger, when one provably is)
     * and at most the larger upper bound, when one provably is; min the other way round.
     */
    private static Interval extreme(Interval a, Interval b, boolean max) {
        if (max) {
            Form lo = a.lo == null ? b.lo : b.lo == null ? a.lo : orElse(larger(a.lo, b.lo), a.lo);
            return new Interval(lo, larger(a.hi, b.hi), true);
        }
        Form hi = a.hi == null ? b.hi : b.hi == null ? a.hi : orElse(smaller(a.hi, b.hi), a.hi);
        return new Interval(smaller(a.lo, b.lo), hi, true);
    }

    private static Form orElse(Form f, Form otherwise) {
        return f != null ? f : otherwise;
    }

    /** Whichever of a and b is provably the larger; null when neither is known to be. */
    private static Form larger(Form a, Form b) {
        if (a == null || b == null) {
            return null;
        }
        return a.plus(b, -1).nonNegative() ? a : b.plus(a, -1).nonNegative() ? b : null;
    }

    /** Whichever of a and b is provably the smaller; null when neither is known to be. */
    private static Form smaller(Form a, Form b) {
        Form l = larger(a, b);
        return l == null ? null : l == a ? b : a;
    }

    /** Parameter {@code k} of this code's graph: a loop body's or a branch's, read from around the region. */
    private Interval parameter(int k) {
        GraphCode outer = gc.parent();
        Node site = gc.site();
        if (outer == null || site == null) {
            return Interval.UNKNOWN;
        }
        if (site.op() instanceof Cond) {
            return outer.ranges().range(site.input(k + 1));
        }
        While w = (While) site.op();
        if (k >= w.carried()) {
            return outer.ranges().range(site.input(k));
        }
        While.Counted c = counting(w, k);
        int stride = 1; // how far the counter steps per trip
        if (c == null) {
            stride = downBy(w);
            c = stride > 0 ? downTo(w) : null;
        }
        if (c == null || !(gc.g.type(gc.g.params().get(c.counter())) instanceof Type.Int)) {
            return Interval.UNKNOWN;
        }
        int startNode = site.input(c.counter());
        Interval from = outer.ranges().range(startNode).ofJava();
        Interval to = bound(outer, site, c).ofJava(); // the loop compares Java's ints
        Interval one = Interval.exactly(Form.of(1));
        // counting down from max(0, x) to a bound b >= 0: in the body the counter is past b, so at least 1, and the
        // start, at least the counter, is x (the reversed trips of a counted loop count its trip count down so)
        Form start = c.step() < 0 && to.lo != null && to.lo.nonNegative() ? outer.ranges().positiveArm(startNode)
                : null;
        Interval counter = c.step() == 1 ? new Interval(from.lo, to.plus(one, -1).hi, true)
                : new Interval(to.plus(one, 1).lo, start != null ? start : from.hi, true);
        if (k == c.counter()) {
            return counter;
        }
        // stepped by ±1 as the counter is by its step: x - (±counter) is the same on every trip, x0 - (±from); in a
        // loop stepping its counter down by more than one, x stepped down alike
        Integer offset = dev.gradc.passes.CarriedChains.offset(gc.g, gc.g.result(k), gc.g.params().get(k));
        int sign = stride == 1 ? dev.gradc.passes.CarriedChains.step(gc.g, k) * c.step()
                : offset != null && offset == -stride ? 1 : 0;
        if (sign == 0) {
            return Interval.UNKNOWN;
        }
        Form init = start == null ? null : outer.ranges().form(site.input(k), startNode, 0);
        if (init != null) { // x0 - (±x) as one form, so that x's terms cancel (x0 = y + max(0, x): y ± counter)
            Interval distance = Interval.exactly(init).plus(Interval.exactly(start).times(sign), -1);
            return counter.times(sign).plus(distance, 1);
        }
        return counter.times(sign).plus(outer.ranges().range(site.input(k)).plus(from.times(sign), -1), 1);
    }

    /** Bounds the depth of {@link #form}'s recursion (an index expression is short). */
    private static final int FORM_DEPTH = 32;

    /**
     * The value x of int node {@code id} when it is {@code max(0, x)} (or {@code max(x, 0)}), as one form
     * ({@link #form}); null otherwise. Only where {@code max(0, x) > 0} is known is that the node's value.
     */
    Form positiveArm(int id) {
        Node n = gc.g.node(gc.info.rep(id));
        if (n.op() != Binary.MAX) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            Interval zero = range(n.input(side));
            if (zero.exact && zero.single() && zero.lo.terms().isEmpty() && zero.lo.constant() == 0) {
                return form(n.input(1 - side), Primitive.NONE, 0);
            }
        }
        return null;
    }

    /**
     * The Java int value of node {@code id} as one affine form, so that a value met twice cancels: sizes and
     * constants as they are, {@code +}, {@code -} and constant multiples term by term when no step leaves Java's
     * ints, any other bounded value as an atom of its own (one per node: within a region its inputs are fixed);
     * node {@code positive} ({@code max(0, x)}, or NONE) as its arm x ({@link #positiveArm}: where it is known
     * positive). Null when a part is unbounded or may overflow.
     */
    Form form(int id, int positive, int depth) {
        if (depth > FORM_DEPTH) {
            return null;
        }
        int r = gc.info.rep(id);
        if (positive != Primitive.NONE && r == gc.info.rep(positive)) {
            return positiveArm(r);
        }
        // once per node and taken arm: a value read twice on the way (x + x) is not read again
        long key = (long) r << 32 | (positive == Primitive.NONE ? 0xFFFFFFFFL : gc.info.rep(positive) & 0xFFFFFFFFL);
        if (forms.containsKey(key)) {
            return forms.get(key);
        }
        Form f = computeForm(r, positive, depth);
        forms.put(key, f);
        return f;
    }

    private Form computeForm(int r, int positive, int depth) {
        Interval range = range(r);
        if (range.exact && range.single()) {
            return range.lo;
        }
        Node n = gc.g.node(r);
        Form f = null;
        if (n.op() == Binary.ADD || n.op() == Binary.SUB) {
            Form a = form(n.input(0), positive, depth + 1);
            Form b = a == null ? null : form(n.input(1), positive, depth + 1);
            f = b == null ? null : a.plus(b, n.op() == Binary.ADD ? 1 : -1);
        } else if (n.op() == Binary.MUL) {
            Interval a = range(n.input(0));
            Interval b = range(n.input(1));
            if (b.exact && b.single() && b.lo.terms().isEmpty()) {
                Form x = form(n.input(0), positive, depth + 1);
                f = x == null ? null : x.times(b.lo.constant());
            } else if (a.exact && a.single() && a.lo.terms().isEmpty()) {
                Form x = form(n.input(1), positive, depth + 1);
                f = x == null ? null : x.times(a.lo.constant());
            }
        }
        if (f != null) {
            return Interval.exactly(f).checked().exact ? f : null;
        }
        if (!range.exact || range.lo == null || range.hi == null) {
            return null;
        }
        return values.computeIfAbsent(r, v -> Form.term(new Atom(range)));
    }

    /** The bound of counted loop {@code site} (a node of {@code outer}'s graph). */
    private static Interval bound(GraphCode outer, Node site, While.Counted c) {
        return c.literalBound() ? Interval.exactly(Form.of(c.toValue()))
                : c.inputBound() ? outer.ranges().range(site.input(c.toInput()))
                : Interval.exactly(Form.term(c.toSize()));
    }

    /** Final value of carried {@code k} of counted loop {@code node} of this code's graph. */
    private Interval finalValue(Node node, While w, int k) {
        // one atom per loop, the final value of its first counter; every other carried int stepped as it is, the
        // other counters of a journaled loop too, is that atom plus its distance (so that they cancel)
        While.Counted c = counting(w, -1);
        int stride = 1;
        if (c == null) { // a loop of pairs (downBy): its counter ends within [b + 1 - s, from] (or at from)
            stride = downBy(w);
            c = stride > 0 ? downTo(w) : null;
        }
        if (c == null || k >= w.carried() || !(w.body().type(w.body().params().get(k)) instanceof Type.Int)) {
            return Interval.UNKNOWN;
        }
        Interval from = range(node.input(c.counter())).ofJava();
        Interval to = bound(gc, node, c).ofJava().plus(Interval.exactly(Form.of(1 - stride)), 1);
        Atom atom = atoms.get(node.id());
        if (atom == null) {
            atom = new Atom(c.step() == 1 ? new Interval(from.lo, larger(from.hi, to.hi), true)
                    : new Interval(smaller(from.lo, to.lo), from.hi, true));
            atoms.put(node.id(), atom);
        }
        Interval last = Interval.exactly(Form.term(atom));
        if (k == c.counter()) {
            return last;
        }
        Integer offset = dev.gradc.passes.CarriedChains.offset(w.body(), w.body().result(k), w.body().params().get(k));
        int sign = stride == 1 ? dev.gradc.passes.CarriedChains.step(w.body(), k) * c.step()
                : offset != null && offset == -stride ? 1 : 0;
        return sign == 0 ? Interval.UNKNOWN
                : last.times(sign).plus(range(node.input(k)).plus(from.times(sign), -1), 1);
    }

    /**
     * How far loop w, counted by no fact of its own, steps down its carried int c in the body while its condition is
     * {@code c > b} (b an int literal at least 0), as a loop of two trips per pass ({@code passes/JammedRows}) steps
     * its trips: the step (above 0), else 0. In the body c then lies in {@code [b + 1, from]}, as a counted loop's
     * counter counting down to b, and never wraps (it goes down from an int while above b &ge; 0).
     */
    private static int downBy(While w) {
        Graph cond = w.condition();
        Node test = cond.node(cond.result(0));
        int c = cond.params().indexOf(test.op() == dev.gradc.ops.Compare.GT ? test.input(0) : -1);
        if (c < 0 || c >= w.carried() || !(cond.node(test.input(1)).op() instanceof IntConstant b) || b.value() < 0
                || !(w.body().type(w.body().params().get(c)) instanceof Type.Int)) {
            return 0;
        }
        Integer offset = dev.gradc.passes.CarriedChains.offset(w.body(), w.body().result(c), w.body().params().get(c));
        return offset != null && offset < 0 ? -offset : 0;
    }

    /** The counting fact of a loop {@link #downBy} accepts: its counter down to its bound, as if by one. */
    private static While.Counted downTo(While w) {
        Graph cond = w.condition();
        Node test = cond.node(cond.result(0));
        return new While.Counted(cond.params().indexOf(test.input(0)), While.Counted.LITERAL,
                ((IntConstant) cond.node(test.input(1)).op()).value(), null, -1);
    }

    /**
     * The counting comparison of loop w on its carried {@code k}, else (k = -1, or k counts nothing) its first one
     * (a loop may stop at the first of several bounds, as a journaled loop does: every one holds in its body); null
     * when w counts nothing.
     */
    private static While.Counted counting(While w, int k) {
        java.util.List<While.Counted> all = w.counted() != null ? java.util.List.of(w.counted())
                : While.Counted.conjuncts(w.condition(), w.body(), w.carried());
        if (all == null || all.isEmpty()) {
            return null;
        }
        return all.stream().filter(c -> c.counter() == k).findFirst().orElse(all.get(0));
    }
}
