/**
 * What generated code needs at run time: argument {@link dev.gradc.runtime.Checks}, the one definition of
 * every elementwise function ({@link dev.gradc.runtime.MathOps}), primitive stacks for the state adjoint
 * loops keep, and the loop-limit errors. No dependencies; never depends on the compiler.
 */
package dev.gradc.runtime;
