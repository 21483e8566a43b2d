"""mio_cc_test: the one way mio-c GoogleTest suites are declared."""

load("@rules_cc//cc:defs.bzl", "cc_test")
load("//mio:copts.bzl", "MIO_TEST_COPTS")

def mio_cc_test(name, srcs, deps = [], copts = [], **kwargs):
    """A GoogleTest binary linked with the descriptor-leak-checking main.

    Args:
      name: test name.
      srcs: C++ sources.
      deps: extra deps (the umbrella //mio, gtest, test_util and test_main
        are always added).
      copts: extra copts after MIO_TEST_COPTS.
      **kwargs: passed to cc_test (size, timeout, tags, ...).
    """
    all_deps = deps + [
        "//mio",
        "//testing/util:test_main",
        "//testing/util:test_util",
        "@googletest//:gtest",
    ]
    cc_test(
        name = name,
        srcs = srcs,
        copts = MIO_TEST_COPTS + copts,
        deps = {d: None for d in all_deps}.keys(),
        **kwargs
    )
