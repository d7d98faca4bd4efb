/**
 * The define-by-run tape, PyTorch style: {@link dev.gradc.runtime.tape.Tensor} ops record their backward
 * rules as they run, {@link dev.gradc.runtime.tape.Tensor#backward()} replays them in reverse, and
 * {@link dev.gradc.runtime.tape.Tape#noGrad()} switches recording off.
 */
package dev.gradc.runtime.tape;
