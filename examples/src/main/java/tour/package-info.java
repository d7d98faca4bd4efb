/**
 * A runnable tour of the talk gradc grew from ({@code automatic-differentiation-talk.txt}), one program per
 * section, each printing what it shows: {@link tour.Differentiation} (symbolic, numerical, automatic),
 * {@link tour.MultiPathChainRule}, {@link tour.NonScalarOutput}, {@link tour.Detaching},
 * {@link tour.ControlFlowSideBySide} and {@link tour.ForwardVsReverse}; {@link tour.Tour} runs them all.
 * The numbers come from classes the gradc Maven plugin generated from {@code src/main/grad/seed/*.grad}.
 */
package tour;
