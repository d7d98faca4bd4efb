package softmax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Records when each Spark job started and ended and where it was submitted (its stages' names, like
 * {@code treeAggregate at RDDLossFunction.scala:61}), so that one run can time the loss evaluations of
 * Spark ML and of gradc by the same clock.
 */
final class JobTimer extends SparkListener {

    /** One finished job. */
    record Job(int id, String stages, long startMillis, long endMillis) {
        long millis() {
            return endMillis - startMillis;
        }
    }

    private final Map<Integer, Job> running = new HashMap<>();
    private final List<Job> finished = new ArrayList<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        StringBuilder names = new StringBuilder();
        for (StageInfo s : CollectionConverters.asJava(start.stageInfos())) {
            names.append(s.name()).append("; ");
        }
        running.put(start.jobId(), new Job(start.jobId(), names.toString(), start.time(), 0));
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        Job job = running.remove(end.jobId());
        if (job != null) {
            finished.add(new Job(job.id(), job.stages(), job.startMillis(), end.time()));
        }
    }

    /** The finished jobs whose stage names mention {@code where}, in the order they finished. */
    synchronized List<Job> jobs(String where) {
        List<Job> out = new ArrayList<>();
        for (Job j : finished) {
            if (j.stages().contains(where)) {
                out.add(j);
            }
        }
        return out;
    }
}
