"""mio_benchmark: the one way tools/bench declares a benchmark binary."""

load("@rules_cc//cc:defs.bzl", "cc_binary")
load("//mio:copts.bzl", "MIO_TEST_COPTS", "POSIX_ONLY")

# Debian ships Google Benchmark as a shared library only, and --config=aarch64
# links every binary statically (toolchains/linux_gcc): no aarch64 build.
_SHARED_BENCHMARK_ONLY = select({
    "//platforms:is_aarch64": ["//platforms:static_libbenchmark"],
    "//conditions:default": [],
})

def mio_benchmark(name, deps, google_benchmark = True):
    """A benchmark binary `name` built from `name`.cc.

    A cc_binary tagged "benchmark": `bazel build //...` and `bazel test //...`
    build it (so it never rots) but, not being a test, `bazel test` never runs
    it. tools/bench/run builds it with --config=bench and runs it.

    Args:
      name: target name, *_benchmark.
      deps: the mio-c targets it measures.
      google_benchmark: link Google Benchmark (@benchmark, with its main).
    """
    cc_binary(
        name = name,
        testonly = True,
        srcs = [name + ".cc"],
        copts = MIO_TEST_COPTS,
        tags = ["benchmark"],
        # The benchmarks measure the POSIX backends and loopback fds.
        target_compatible_with = POSIX_ONLY + (
            _SHARED_BENCHMARK_ONLY if google_benchmark else []
        ),
        deps = deps + (["@benchmark"] if google_benchmark else []),
    )
