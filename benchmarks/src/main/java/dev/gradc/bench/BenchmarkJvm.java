package dev.gradc.bench;

/**
 * The JVM options of every benchmark fork, the same for every method so that ratios compare like with
 * like.
 *
 * <p>A fixed, pre-touched 1 GiB heap: the gradients return fresh records and arrays (as generated code
 * does), and on this project's virtual machines the first touch of a heap page is a page fault that
 * costs far more than the allocation — without pre-touching, allocating benchmarks measured 100×
 * slower for their first seconds (2.6 ns became 240 ns for {@code polyGrad}), and G1, which gives
 * regions back and takes them again, kept paying it. The serial collector does a young collection of
 * the (nearly empty) live set on the benchmark's own thread, which does not depend on GC threads getting
 * a core on a shared two-core machine.
 */
public final class BenchmarkJvm {

    /** Initial heap, equal to the maximum so the heap never resizes. */
    public static final String HEAP_MIN = "-Xms1g";
    /** Maximum heap. */
    public static final String HEAP_MAX = "-Xmx1g";
    /** Touch every heap page at start-up, not during the measurement. */
    public static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";
    /** The serial collector. */
    public static final String GC = "-XX:+UseSerialGC";

    /**
     * The one option of a "default JVM" fork: a system property nothing reads. A method's {@code @Fork} without
     * {@code jvmArgsAppend} would inherit its class's options; this marks the fork as run without them (default
     * collector and heap, no pre-touch), as a user's program runs.
     */
    public static final String DEFAULT = "-Dgradc.bench.jvm=default";

    private BenchmarkJvm() {
    }

    /** All of the above, for JMH's {@code jvmArgsAppend}. */
    public static String[] args() {
        return new String[] {HEAP_MIN, HEAP_MAX, PRE_TOUCH, GC};
    }
}
