/**
 * The six benchmark programs on the runtime's define-by-run tape ({@link dev.gradc.runtime.tape.Tensor}),
 * written as a PyTorch user would write them: leaves that require gradients, the program as tensor ops
 * (control flow in plain Java, deciding on {@code item()}), {@code backward()}, then {@code grad()} of
 * each leaf. Each method returns the value and the gradients, like the generated {@code fGrad}.
 */
package dev.gradc.bench.tape;
