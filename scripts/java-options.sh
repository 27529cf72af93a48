# Sourced by the launchers (scripts/launch.sh) and the benchmarks, so that both run the JVM alike.
#
# FERRY_JVM_DEFAULTS: HotSpot's optimising compiler (C2) takes a method after 5 000 calls by default.
# A Ferry command lives for seconds, and in that time C2 compiled hundreds of methods that are called
# thousands of times but run briefly (Jackson reading the engine's answers and pull progress, the
# HTTP client, tar headers): on 2 cores that compile work took 0.8 CPU-s of a 2.8 CPU-s `ferry load`
# and competed with the Docker engine. Waiting for 50 000 calls leaves those methods to the quick
# compiler; the loops that do the heavy work (SHA-256 with its CPU intrinsics, zstd, copies) still
# reach C2 through their loop counters, which are unchanged. Measured on the bench images (2 cores):
# `ferry load` 4.4-4.8 s -> 4.0-4.2 s and 2.8 -> 2.0 user CPU-s; `ferry verify` and
# `ferry-bundler build` unchanged or slightly faster (see docs/onprem/benchmarks.md).
FERRY_JVM_DEFAULTS=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000
  -XX:Tier4CompileThreshold=60000)
# FERRY_JVM_OPTIONS: what the launchers pass to java. FERRY_JAVA_OPTS comes after the defaults, so
# it can override them.
# shellcheck disable=SC2206
FERRY_JVM_OPTIONS=("${FERRY_JVM_DEFAULTS[@]}" ${FERRY_JAVA_OPTS:-})
