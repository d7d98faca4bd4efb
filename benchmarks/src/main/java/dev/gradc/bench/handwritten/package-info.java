/**
 * Hand-written values and gradients of the six benchmark programs: the baselines that the generated
 * code must match within 1.2×.
 *
 * <p>Each class is written the way a careful engineer would write it by hand in plain Java: flat
 * row-major {@code double[]}, matrix products with contiguous inner loops (so that HotSpot
 * vectorises them), elementwise work fused into the loops that produce it, {@link
 * dev.gradc.runtime.MathOps#tanh} instead of {@link Math#tanh} (which is StrictMath on JDK 17), and
 * no allocation in the hot path beyond the arrays of the result. The tensor programs ({@link
 * MlpByHand}, {@link RnnByHand}) keep their scratch memory in an instance, so an instance is for one
 * thread at a time; the scalar programs are static.
 *
 * <p>Method names follow the generated API (docs/language.md, "The generated Java API"): {@code poly}/{@code polyGrad},
 * {@code loss}/{@code lossGrad}, … and each {@code Grad} record holds the value and one adjoint per
 * differentiated parameter, by name.
 */
package dev.gradc.bench.handwritten;
