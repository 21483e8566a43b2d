"""Compiler flags shared by mio-c targets (as abseil's copts/configure_copts.bzl)."""

load("@rules_cc//cc:cc_library.bzl", "cc_library")

# The C library: strict warnings, errors on warnings, hidden symbols (public
# functions are marked MIO_EXTERN). _GNU_SOURCE exposes accept4, pipe2,
# epoll_pwait2 and POLLRDHUP.
MIO_C_COPTS = [
    "-Wall",
    "-Wextra",
    "-Wshadow",
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
    "-Werror",
    "-fvisibility=hidden",
]

MIO_LOCAL_DEFINES = ["_GNU_SOURCE"]

# target_compatible_with for POSIX-only targets (skipped in Windows builds).
POSIX_ONLY = select({
    "//mio/config:windows": ["//mio/config:incompatible"],
    "//conditions:default": [],
})

# target_compatible_with for Windows-only targets.
WINDOWS_ONLY = ["@platforms//os:windows"]

# target_compatible_with for Linux-only targets.
LINUX_ONLY = ["@platforms//os:linux"]

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
