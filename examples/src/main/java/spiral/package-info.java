/**
 * A real training example: an MLP classifier for two interleaved spirals, written in {@code mlp.grad},
 * trained with the gradient gradc generated ({@link spiral.Mlp#lossGrad}) and Adam in plain Java
 * ({@link spiral.TrainSpiral}); and the same training through the define-by-run tape, timed side by side
 * ({@link spiral.TapeVsCompiled}).
 */
package spiral;
