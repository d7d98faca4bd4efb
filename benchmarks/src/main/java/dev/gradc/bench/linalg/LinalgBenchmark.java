package dev.gradc.bench.linalg;

import dev.gradc.bench.BenchmarkJvm;
import dev.gradc.runtime.linalg.Cholesky;
import dev.gradc.runtime.linalg.Lu;
import dev.gradc.runtime.linalg.LuRules;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The runtime's linear-algebra kernels against EJML (ddense), the JVM's reference dense library, and the
 * kernels' gradients against their values. Every method returns a fresh result, as the runtime's kernels
 * do: EJML's copies its input first (its decompositions work in place) and allocates its solution.
 *
 * <ul>
 *   <li>{@code cholesky*}: A symmetric positive definite, n × n. The gradient is the factor and then the
 *       adjoint Ā for a fixed L̄, which is what the gradient of any scalar function of L costs beyond that
 *       function.</li>
 *   <li>{@code solve*}: A x = b with a vector b, by pivoted LU. The gradient is the value, then b̄ = A⁻ᵀx̄ by
 *       the same factors and Ā = −b̄xᵀ.</li>
 *   <li>{@code solveMatrix*}: A X = B with B n × n; the gradient adds B̄ = A⁻ᵀX̄ and Ā = −B̄Xᵀ.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class LinalgBenchmark {

    @Param({"16", "64", "256", "512"})
    public int n;

    private LinalgData data;
    private CholeskyDecomposition_F64<DMatrixRMaj> ejmlCholesky;
    private LinearSolverDense<DMatrixRMaj> ejmlLu;

    @Setup
    public void setUp() {
        data = new LinalgData(n);
        ejmlCholesky = DecompositionFactory_DDRM.chol(n, true);
        ejmlLu = LinearSolverFactory_DDRM.lu(n);
    }

    @Benchmark
    public double[] choleskyValue() {
        return Cholesky.factor(data.spd, n);
    }

    @Benchmark
    public DMatrixRMaj choleskyEjml() {
        DMatrixRMaj a = new DMatrixRMaj(n, n, true, data.spd);
        if (!ejmlCholesky.decompose(a)) {
            throw new IllegalStateException("EJML: not positive definite");
        }
        return a;
    }

    @Benchmark
    public double[] choleskyGradient() {
        double[] l = Cholesky.factor(data.spd, n);
        return Cholesky.vjp(l, data.seedMatrix, n);
    }

    @Benchmark
    public double[] solveValue() {
        return Lu.factor(data.general, n).solve(data.b, "solve");
    }

    @Benchmark
    public DMatrixRMaj solveEjml() {
        return ejmlSolve(data.bEjml);
    }

    @Benchmark
    public double[] solveGradient() {
        Lu lu = Lu.factor(data.general, n);
        double[] x = lu.solve(data.b, "solve");
        double[] bBar = LuRules.solveVjpB(lu, data.seedVector);
        return LuRules.solveVjpA(bBar, x, n);
    }

    @Benchmark
    public double[] solveMatrixValue() {
        return Lu.factor(data.general, n).solve(data.rhs, "solve");
    }

    @Benchmark
    public DMatrixRMaj solveMatrixEjml() {
        return ejmlSolve(data.rhsEjml);
    }

    @Benchmark
    public double[] solveMatrixGradient() {
        Lu lu = Lu.factor(data.general, n);
        double[] x = lu.solve(data.rhs, "solve");
        double[] bBar = LuRules.solveVjpB(lu, data.seedMatrix);
        return LuRules.solveVjpA(bBar, x, n);
    }

    private DMatrixRMaj ejmlSolve(DMatrixRMaj b) {
        if (!ejmlLu.setA(data.generalEjml)) {
            throw new IllegalStateException("EJML: singular");
        }
        DMatrixRMaj x = new DMatrixRMaj(b.numRows, b.numCols);
        ejmlLu.solve(b, x);
        return x;
    }
}
