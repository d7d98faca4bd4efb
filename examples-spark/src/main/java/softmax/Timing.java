package softmax;

import java.util.List;

/**
 * The time of one optimiser's loss evaluations (Spark jobs): the median job, and the time per iteration
 * from the end of the first evaluation (which also fills caches) to the end of the last.
 *
 * @param iterations the optimiser's iterations
 * @param evaluations the loss evaluations
 * @param medianMillis the median evaluation in milliseconds
 * @param secondsPerIteration the wall time per iteration after the first evaluation
 */
record Timing(int iterations, int evaluations, double medianMillis, double secondsPerIteration) {

    static Timing of(List<JobTimer.Job> jobs, int iterations) {
        if (jobs.isEmpty()) {
            throw new IllegalStateException("no loss evaluations were seen");
        }
        long[] millis = jobs.stream().mapToLong(JobTimer.Job::millis).sorted().toArray();
        double median = millis.length % 2 == 1 ? millis[millis.length / 2]
                : (millis[millis.length / 2 - 1] + millis[millis.length / 2]) / 2.0;
        double span = (jobs.get(jobs.size() - 1).endMillis() - jobs.get(0).endMillis()) / 1000.0;
        return new Timing(iterations, jobs.size(), median, span / Math.max(1, iterations));
    }
}
