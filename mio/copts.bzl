"""Compiler flags shared by mio-c targets (as abseil's copts/configure_copts.bzl)."""

load("@rules_cc//cc:cc_library.bzl", "cc_library")

# The C library: strict warnings, errors on warnings, hidden symbols (public
# functions are marked MIO_EXTERN).
MIO_C_COPTS = [
    "-Wall",
    "-Wextra",
    "-Wshadow",
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
    "-Werror",
    "-fvisibility=hidden",
]

# Feature macros. Linux: _GNU_SOURCE exposes accept4, pipe2, epoll_pwait2 and
# POLLRDHUP to the Linux files. --config=posix: strictly POSIX.1-2008, so a
# Linux extension in a portable file is a compile error here. Elsewhere the
# system headers' defaults (on Apple and the BSDs a feature macro would hide
# SO_NOSIGPIPE and friends).
MIO_LOCAL_DEFINES = select({
    "//mio/config:posix": ["_POSIX_C_SOURCE=200809L"],
    "//mio/config:linux": ["_GNU_SOURCE"],
    "//conditions:default": [],
})

# target_compatible_with for POSIX-only targets (skipped in Windows builds).
POSIX_ONLY = select({
    "//mio/config:windows": ["//mio/config:incompatible"],
    "//conditions:default": [],
})

# target_compatible_with for Windows-only targets.
WINDOWS_ONLY = ["@platforms//os:windows"]

# target_compatible_with for targets that use Linux interfaces (epoll,
# io_uring, eventfd, abstract socket names, /proc): Linux, but not the
# portable build of --config=posix.
LINUX_ONLY = select({
    "//mio/config:posix": ["//mio/config:incompatible"],
    "//mio/config:linux": [],
    "//conditions:default": ["//mio/config:incompatible"],
})

# C++ tests, fuzz models, tools and C++ examples.
MIO_TEST_COPTS = [
    "-Wall",
    "-Wextra",
    "-Wno-missing-field-initializers",
]

def mio_c_library(name, copts = [], local_defines = [], **kwargs):
    """A C library of mio-c: strict flags, _GNU_SOURCE, static linking.

    Static because internal symbols are hidden (-fvisibility=hidden): the
    per-library shared objects of Bazel's dynamic test linking could not
    resolve each other.
    """
    cc_library(
        name = name,
        copts = MIO_C_COPTS + copts,
        local_defines = MIO_LOCAL_DEFINES + local_defines,
        linkstatic = True,
        **kwargs
    )

def mio_public_c_library(name, **kwargs):
    """A public C library of mio-c: visible to every repository.

    strip_include_prefix = "/" also puts its headers on an -I path (Bazel's
    _virtual_includes), so clients may write <mio/net/tcp_stream.h> as well as
    "mio/net/tcp_stream.h", in this repository and from @mio alike.
    """
    mio_c_library(
        name = name,
        strip_include_prefix = "/",
        visibility = ["//visibility:public"],
        **kwargs
    )
