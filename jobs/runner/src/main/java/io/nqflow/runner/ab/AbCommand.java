package io.nqflow.runner.ab;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nqflow ab}: A/B variants; {@code ab compare A B} compares two of them. */
@Command(
    name = "ab",
    mixinStandardHelpOptions = true,
    description = "A/B variants: compare two runs or two variants' shadow outcomes.",
    subcommands = {AbCompareCommand.class})
public final class AbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
