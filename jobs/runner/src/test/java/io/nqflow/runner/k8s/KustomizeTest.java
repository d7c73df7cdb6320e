package io.nqflow.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kustomize subset of {@link Kustomize} on small hand-written kustomizations. */
class KustomizeTest {
  @TempDir Path dir;

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
      spec:
        template:
          spec:
            containers:
              - name: main
                args: [a, b]
                env:
                  - {name: X, value: "1"}
                  - {name: Y, value: "2"}
              - name: side
                image: side:1
      """;

  private static final String PATCH =
      """
      apiVersion: %s
      kind: %s
      metadata:
        name: app
      spec:
        template:
          spec:
            containers:
              - name: main
                args: [c]
                env:
                  - {name: Y, value: "3"}
                  - {name: Z, value: "4"}
      """;

  private void write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void builtInListsMergeByNameOthersAreReplaced() throws IOException {
    write("base/kustomization.yaml", "resources: [app.yaml]\n");
    write("base/app.yaml", DEPLOYMENT);
    write("kustomization.yaml", "resources: [base]\npatches:\n  - path: patch.yaml\n");
    write("patch.yaml", PATCH.formatted("apps/v1", "Deployment"));
    ObjectNode d = Kustomize.build(dir).get(0);
    var containers = d.at("/spec/template/spec/containers");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).path("args").toString()).isEqualTo("[\"c\"]");
    assertThat(containers.get(0).path("env").toString())
        .isEqualTo(
            "[{\"name\":\"X\",\"value\":\"1\"},{\"name\":\"Y\",\"value\":\"3\"},"
                + "{\"name\":\"Z\",\"value\":\"4\"}]");
    assertThat(containers.get(1).path("image").asText()).isEqualTo("side:1");
  }

  @Test
  void customResourceListsAreReplacedWhole() throws IOException {
    write("kustomization.yaml", "resources: [app.yaml]\npatches:\n  - path: patch.yaml\n");
    write("app.yaml", DEPLOYMENT.replace("apps/v1", "example.io/v1").replace("Deployment", "App"));
    write("patch.yaml", PATCH.formatted("example.io/v1", "App"));
    var containers = Kustomize.build(dir).get(0).at("/spec/template/spec/containers");
    assertThat(containers).hasSize(1);
    assertThat(containers.get(0).path("env")).hasSize(2);
  }

  @Test
  void nullDeletesAndTargetsSelectByKindAndName() throws IOException {
    write(
        "kustomization.yaml",
        """
        resources: [app.yaml]
        patches:
          - path: patch.yaml
            target: {kind: Deployment, name: app}
        """);
    write("app.yaml", DEPLOYMENT);
    write(
        "patch.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ignored}\n"
            + "spec: {template: null, replicas: 2}\n");
    ObjectNode d = Kustomize.build(dir).get(0);
    assertThat(d.path("spec").toString()).isEqualTo("{\"replicas\":2}");
    assertThat(d.at("/metadata/name").asText()).isEqualTo("app");
  }

  @Test
  void jsonPatchesAddAppendReplaceAndRemove() throws IOException {
    write(
        "kustomization.yaml",
        "resources: [app.yaml]\npatches:\n  - path: ops.yaml\n    target: {kind: Deployment}\n");
    write("app.yaml", DEPLOYMENT);
    write(
        "ops.yaml",
        """
        - {op: add, path: /spec/template/spec/containers/0/env/-, value: {name: W, value: "5"}}
        - {op: replace, path: /spec/template/spec/containers/1/image, value: "side:2"}
        - {op: remove, path: /spec/template/spec/containers/0/args}
        - {op: add, path: /metadata/labels, value: {a~b/c: d}}
        """);
    ObjectNode d = Kustomize.build(dir).get(0);
    assertThat(d.at("/spec/template/spec/containers/0/env/2/name").asText()).isEqualTo("W");
    assertThat(d.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("side:2");
    assertThat(d.at("/spec/template/spec/containers/0").has("args")).isFalse();
    assertThat(d.at("/metadata/labels/a~0b~1c").asText()).isEqualTo("d");

    write("ops.yaml", "- {op: replace, path: /spec/nothing/here, value: 1}\n");
    assertThatThrownBy(() -> Kustomize.build(dir))
        .hasMessageContaining("/spec/nothing/here does not exist");
  }

  @Test
  void namespaceAndSuffixComeAfterPatches() throws IOException {
    write(
        "kustomization.yaml",
        """
        namespace: prod
        nameSuffix: -b
        resources: [app.yaml, cm.yaml]
        patches:
          - path: patch.yaml
        """);
    write("app.yaml", DEPLOYMENT);
    write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n");
    write(
        "patch.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n" + "spec: {replicas: 3}\n");
    List<ObjectNode> out = Kustomize.build(dir);
    assertThat(out)
        .extracting(Kustomize::id)
        .containsExactly("Deployment/prod/app-b", "ConfigMap/prod/cfg-b");
    assertThat(out.get(0).at("/spec/replicas").asInt()).isEqualTo(3);

    // a cluster-scoped kind gets no namespace
    write("kustomization.yaml", "namespace: prod\nresources: [ns.yaml]\n");
    write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n");
    assertThat(Kustomize.build(dir)).extracting(Kustomize::id).containsExactly("Namespace//prod");
  }

  @Test
  void whatIsOutsideTheSubsetOrWrongFailsWithTheFile() throws IOException {
    write("app.yaml", DEPLOYMENT);
    write("kustomization.yaml", "resources: [app.yaml]\ncommonLabels: {a: b}\n");
    assertThatThrownBy(() -> Kustomize.build(dir))
        .hasMessageContaining("kustomization.yaml")
        .hasMessageContaining("'commonLabels'");

    write("sub/kustomization.yaml", "resources: [../app.yaml]\n");
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("sub")))
        .hasMessageContaining("outside the kustomization folder");

    write("kustomization.yaml", "resources: [app.yaml]\npatches:\n  - path: patch.yaml\n");
    write("patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\n");
    assertThatThrownBy(() -> Kustomize.build(dir))
        .hasMessageContaining("no resource matches kind Deployment name other");

    write("kustomization.yaml", "resources: [app.yaml, app.yaml]\n");
    assertThatThrownBy(() -> Kustomize.build(dir))
        .hasMessageContaining("Deployment//app appears twice");

    write("kustomization.yaml", "resources: [app.yaml]\npatches:\n  - path: patch.yaml\n");
    write(
        "patch.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n"
            + "spec: {$patch: replace}\n");
    assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("$patch");
  }
}
