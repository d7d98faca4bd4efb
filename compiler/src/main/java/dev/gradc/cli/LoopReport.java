package dev.gradc.cli;

import dev.gradc.passes.CheckpointReport;
import dev.gradc.runtime.checkpoint.LoopTrips;
import java.util.List;
import java.util.function.Supplier;

/**
 * The run-time line of {@code gradc run --verbose} for engines that run derivatives outside the interpreter
 * (generated code, the tape): what each checkpointed loop, or loop kept within the kept-values budget, did as
 * it ran — whether its states fitted or it was checkpointed, and how many trips it recomputed ({@link
 * LoopTrips}'s counts).
 */
final class LoopReport {

    private LoopReport() {
    }

    /** Runs a derivative while counting its loops' trips on this thread, and traces what they did. */
    static <T> T counting(Engine.Invocation call, Supplier<T> run) {
        try (LoopTrips trips = LoopTrips.start()) {
            T result = run.get();
            List<String> lines = CheckpointReport.ranByLoop(trips.byLoop(), call.maxKeptValues(),
                    CheckpointReport.requested(call.function()));
            if (!lines.isEmpty()) {
                call.trace(CheckpointReport.RAN, String.join("\n", lines));
            }
            return result;
        }
    }
}
