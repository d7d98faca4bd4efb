/**
 * Checkpointing schedules for reversing long loops in bounded memory: the binomial schedule (Revolve) for
 * loops whose trip count is known when they start and an online schedule for loops whose count is known only
 * when they end. Generated code calls {@link dev.gradc.runtime.checkpoint.Binomial#advance(int, int)}; the
 * {@link dev.gradc.runtime.checkpoint.Schedule} objects count and run the same schedules by hand.
 */
package dev.gradc.runtime.checkpoint;
