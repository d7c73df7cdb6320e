package io.nqflow.runner.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone cluster folder and the files written into it are readable by the owner only. */
class ClusterLayoutFilesTest {
  @TempDir Path tmp;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theClusterFolderItsSubfoldersAndDeploymentRecordsAreOwnerOnly() throws IOException {
    assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null);
    Path dir = Files.createDirectories(tmp.resolve("outputs").resolve("cluster"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    ClusterLayout layout = new ClusterLayout(dir);

    layout.create();

    assertThat(mode(dir)).isEqualTo("rwx------");
    for (String sub :
        new String[] {
          "conf",
          "log",
          "checkpoints",
          "savepoints",
          "tmp",
          "uploads",
          "deployments",
          "releases",
          "profiles"
        }) {
      assertThat(mode(dir.resolve(sub))).as(sub).isEqualTo("rwx------");
    }
    new Deployment(
            "job-1",
            "flow-detection",
            "baseline",
            "local",
            "jar-1",
            "releases/flow.jar",
            "io.nqflow.flow.FlowDetectionJob",
            java.util.List.of(),
            null,
            "2026-01-01T00:00:00Z")
        .save(layout);
    assertThat(mode(layout.deployments().resolve("job-1.json"))).isEqualTo("rw-------");
    assertThat(Deployment.load(layout, "job-1"))
        .get()
        .extracting(Deployment::variant)
        .isEqualTo("baseline");
  }
}
