"""mio_cc_test: the one way mio-c GoogleTest suites are declared."""

load("@rules_cc//cc:defs.bzl", "cc_test")
load("//mio:copts.bzl", "MIO_TEST_COPTS")

# Tells tests which build flags were used: MIO_TEST_BUILD_BACKEND_{EPOLL,
# POLL,IO_URING,KQUEUE} (the selector a --define=mio_backend asked for;
# io_uring may fall back to epoll at run time), else
# MIO_TEST_BUILD_BACKEND_OS_DEFAULT (epoll on Linux, kqueue on Apple and the
# BSDs), and MIO_TEST_FORCE_WAKER_PIPE.
_BUILD_DEFINES = select({
    "//mio/config:backend_poll": ["MIO_TEST_BUILD_BACKEND_POLL"],
    "//mio/config:backend_io_uring": ["MIO_TEST_BUILD_BACKEND_IO_URING"],
    "//mio/config:backend_epoll": ["MIO_TEST_BUILD_BACKEND_EPOLL"],
    "//mio/config:backend_kqueue": ["MIO_TEST_BUILD_BACKEND_KQUEUE"],
    "//conditions:default": ["MIO_TEST_BUILD_BACKEND_OS_DEFAULT"],
}) + select({
    "//mio/config:force_waker_pipe": ["MIO_TEST_FORCE_WAKER_PIPE"],
    "//conditions:default": [],
})

def mio_cc_test(name, srcs, deps = [], copts = [], local_defines = [], **kwargs):
    """A GoogleTest binary linked with the descriptor-leak-checking main.

    Args:
      name: test name.
      srcs: C++ sources.
      deps: extra deps (the umbrella //mio, gtest, test_util and test_main
        are always added).
      copts: extra copts after MIO_TEST_COPTS.
      local_defines: extra defines (the MIO_TEST_BUILD_* ones are added).
      **kwargs: passed to cc_test (size, timeout, tags, ...).
    """
    all_deps = deps + [
        "//mio",
        "//testing/util:test_main",
        "//testing/util:test_util",
        "@googletest//:gtest",
    ]

    # Static linking: mio's internal symbols are hidden (-fvisibility=hidden),
    # so the per-library .so files of the default dynamic test linking cannot
    # resolve each other.
    kwargs.setdefault("linkstatic", True)
    cc_test(
        name = name,
        srcs = srcs,
        copts = MIO_TEST_COPTS + copts,
        local_defines = local_defines + _BUILD_DEFINES,
        deps = {d: None for d in all_deps}.keys(),
        **kwargs
    )
