package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TapeTest {

    @Test
    void nothingIsRecordedInANoGradScope() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        Tensor y;
        try (var s = Tape.noGrad()) {
            y = x.square();
        }
        assertFalse(y.needsGrad());
    }

    @Test
    void recordingResumesAfterTheScope() {
        try (var s = Tape.noGrad()) {
            assertFalse(Tape.isRecording());
        }
        assertTrue(Tape.isRecording());
        assertTrue(Tensor.scalar(2).requiresGrad().square().needsGrad());
    }

    @Test
    void nestedScopesResumeRecordingOnlyWhenTheOutermostCloses() {
        try (var outer = Tape.noGrad()) {
            try (var inner = Tape.noGrad()) {
                assertFalse(Tape.isRecording());
            }
            assertFalse(Tape.isRecording());
        }
        assertTrue(Tape.isRecording());
    }

    @Test
    void closingAScopeTwiceHasNoFurtherEffect() {
        try (var outer = Tape.noGrad()) {
            var inner = Tape.noGrad();
            inner.close();
            inner.close();
            assertFalse(Tape.isRecording());
        }
    }

    @Test
    void noGradScopeIsPerThread() throws InterruptedException {
        AtomicBoolean otherThreadRecords = new AtomicBoolean();
        try (var s = Tape.noGrad()) {
            Thread t = new Thread(() -> otherThreadRecords.set(Tape.isRecording()));
            t.start();
            t.join();
        }
        assertTrue(otherThreadRecords.get());
    }
}
