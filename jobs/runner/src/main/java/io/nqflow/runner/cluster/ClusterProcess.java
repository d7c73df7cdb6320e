package io.nqflow.runner.cluster;

/** The two JVMs of a standalone session cluster and the Flink class each one runs. */
public enum ClusterProcess {
  JOBMANAGER(
      "jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"),
  TASKMANAGER("taskmanager", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");

  private final String fileName;
  private final String mainClass;

  ClusterProcess(String fileName, String mainClass) {
    this.fileName = fileName;
    this.mainClass = mainClass;
  }

  /** Stem of the process's pid and log files. */
  public String fileName() {
    return fileName;
  }

  public String mainClass() {
    return mainClass;
  }
}
