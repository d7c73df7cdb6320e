package io.nqflow.runner.soak;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Readings of this JVM and process: memory after a full GC, threads, open files, load. */
final class Probes {
  private static final double MIB = 1024.0 * 1024.0;

  private Probes() {}

  /**
   * Heap used right after a full collection, MiB: asks for one ({@code System.gc()}, a full
   * stop-the-world collection with the parallel and G1 collectors unless explicit GCs are disabled)
   * and reads the heap then.
   */
  static double heapAfterGcMib() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
  }

  static double heapCommittedMib() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / MIB;
  }

  /** Non-heap (metaspace, code cache, compressed class space), MiB. */
  static double nonHeapMib() {
    return ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed() / MIB;
  }

  /** Metaspace in use (class metadata: grows with a class leak), MiB; NaN when not reported. */
  static double metaspaceMib() {
    return poolMib(n -> n.equals("Metaspace"));
  }

  /** The JIT's code cache in use (all its segments), MiB; NaN when not reported. */
  static double codeCacheMib() {
    return poolMib(n -> n.startsWith("CodeHeap") || n.equals("Code Cache"));
  }

  private static double poolMib(java.util.function.Predicate<String> name) {
    double used = 0;
    boolean found = false;
    for (var p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (name.test(p.getName())) {
        used += p.getUsage().getUsed();
        found = true;
      }
    }
    return found ? used / MIB : Double.NaN;
  }

  /** Direct byte buffers in use, MiB. */
  static double directMib() {
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("direct")) {
        return b.getMemoryUsed() / MIB;
      }
    }
    return Double.NaN;
  }

  static double liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Open file descriptors of this process ({@code /proc/self/fd}); NaN where there is none. */
  static double openFds() {
    Path fd = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fd)) {
      return Double.NaN;
    }
    try (Stream<Path> s = Files.list(fd)) {
      // The listing itself holds one descriptor open.
      return s.count() - 1;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** Resident set size of the process (VmRSS), MiB; NaN where /proc is missing. */
  static double rssMib() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /** The machine's load average over the last minute (shared machines: read figures with it). */
  static double load1() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** CPU used by this process over the recent past, in cores (0..processors). */
  static double processCpuCores() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      return load < 0 ? Double.NaN : load * Runtime.getRuntime().availableProcessors();
    }
    return Double.NaN;
  }
}
