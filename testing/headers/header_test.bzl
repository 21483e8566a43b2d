"""Header self-containment test (API.md §1 "Header rules").

For every public header and every language mode this generates one
translation unit that includes only that header (twice, to check the include
guard), compiled with -std=<mode> -Wall -Wextra -pedantic -Werror. Each unit
exports `size_t mio_hdrtest_<id>_<mode>(size_t *out)`, which stores the
header's probe values: macro values, sizes of public types, results of its
static inline helpers, and addresses of its exported functions. Taking an
address makes the unit link against the C symbol, so a header whose
`extern "C"` guard is wrong fails to link in the C++ modes.

The test's main (headers_test.cc, C++17) evaluates the same probes itself and
checks that every unit agrees: the header compiles alone in every mode and
means the same thing (same layout, same constants) in each of them. One more
unit per mode includes all headers in reverse order.

To cover a new header, add an entry to MIO_PUBLIC_HEADERS below.
"""

load("@rules_cc//cc:defs.bzl", "cc_library", "cc_test")
load("//mio:copts.bzl", "POSIX_ONLY")

C_MODES = ["c99", "c11", "c17"]
CXX_MODES = ["c++11", "c++14", "c++17", "c++20"]

HEADER_TEST_COPTS = ["-Wall", "-Wextra", "-pedantic", "-Werror"]

# What mio/mio.h provides on every platform (each list adds its own).
_MIO_H_PROBES = [
    "sizeof(mio_io_source)",
    "MIO_INTEREST_ALL",
    "MIO_EAGAIN",
    "fn:mio_poll_new",
]

# header: the include path; deps: targets providing it and its symbols;
# probes: C expressions valid in every mode after including only `header`.
# "fn:name" stands for the address of the exported function `name`.
MIO_PUBLIC_HEADERS = [
    {
        "header": "mio/core/platform.h",
        "deps": ["//mio/core:api"],
        "probes": [
            "MIO_OBJECT_SIZE",
            "MIO_INVALID_RAW_FD",
            "sizeof(mio_raw_fd)",
            "sizeof(mio_iovec)",
            "offsetof(mio_iovec, iov_len)",
            "sizeof(mio_backend)",
            "MIO_BACKEND_IO_URING",
            "MIO_C_VERSION_MAJOR * 10000 + MIO_C_VERSION_MINOR * 100 + " +
            "MIO_C_VERSION_PATCH",
            "sizeof(MIO_UPSTREAM_VERSION)",
            "fn:mio_backend_name",
        ],
    },
    {
        "header": "mio/core/error.h",
        "deps": ["//mio/core:api"],
        "probes": [
            "MIO_EAGAIN",
            "MIO_EWOULDBLOCK",
            "MIO_EINPROGRESS",
            "MIO_ENOSYS",
            "mio_would_block(-MIO_EAGAIN)",
            "mio_would_block(-MIO_EINTR)",
            "fn:mio_strerror",
            "fn:mio_last_error",
        ],
    },
    {
        "header": "mio/core/token.h",
        "deps": ["//mio/core:api"],
        "probes": [
            "sizeof(mio_token)",
            "(mio_token)-1",
        ],
    },
    {
        "header": "mio/core/interest.h",
        "deps": ["//mio/core:api"],
        "probes": [
            "sizeof(mio_interest)",
            "MIO_INTEREST_ALL",
            "MIO_HAS_INTEREST_AIO",
            "MIO_HAS_INTEREST_LIO",
            "MIO_HAS_INTEREST_PRIORITY",
            "mio_interest_add(MIO_INTEREST_READABLE, MIO_INTEREST_PRIORITY)",
            "mio_interest_remove(MIO_INTEREST_ALL, MIO_INTEREST_WRITABLE)",
            "mio_interest_is_writable(MIO_INTEREST_WRITABLE)",
            "fn:mio_interest_is_valid",
            "fn:mio_interest_format",
        ],
    },
    {
        "header": "mio/core/event.h",
        "deps": ["//mio:mio"],
        "probes": [
            "fn:mio_event_token",
            "fn:mio_event_is_read_closed",
            "fn:mio_event_format_details",
            # Inline on Linux (C99 inline definitions): a call that is not
            # inlined (-O0) must link against the exported copy.
            "mio_event_token(NULL)",
            "mio_event_is_write_closed(NULL)",
        ],
    },
    {
        "header": "mio/core/events.h",
        "deps": ["//mio:mio"],
        "probes": [
            "MIO_EVENTS_CAPACITY_MAX",
            "fn:mio_events_new",
            "fn:mio_events_get",
            "mio_events_len(NULL)",
            "mio_events_get(NULL, 0) == NULL",
        ],
    },
    {
        "header": "mio/core/poll.h",
        "deps": ["//mio:mio"],
        "probes": [
            "MIO_TIMEOUT_INFINITE",
            "sizeof(MIO_TIMEOUT_INFINITE)",
            "fn:mio_poll_new",
            "fn:mio_poll_poll",
            "fn:mio_poll_registry",
        ],
    },
    {
        "header": "mio/core/registry.h",
        "deps": ["//mio:mio"],
        "probes": [
            "fn:mio_registry_register",
            "fn:mio_registry_deregister",
            "fn:mio_registry_try_clone",
        ],
    },
    {
        "header": "mio/core/waker.h",
        "deps": ["//mio:mio"],
        "probes": [
            "fn:mio_waker_new",
            "fn:mio_waker_wake",
        ],
    },
    {
        "header": "mio/core/source.h",
        "deps": ["//mio:mio"],
        "probes": [
            "sizeof(mio_source)",
            "sizeof(mio_source_ops)",
            "offsetof(mio_source_ops, deregister_fn)",
            "sizeof(mio_io_source)",
            "fn:mio_io_source_init",
            "fn:mio_io_source_do_io",
        ],
    },
    {
        "header": "mio/mio.h",
        "deps": ["//mio:mio"],
        "probes": _MIO_H_PROBES + [
            "fn:mio_waker_new",
            "sizeof(mio_tcp_stream)",
            "fn:mio_tcp_listener_bind",
            "fn:mio_unix_datagram_bind",
            "fn:mio_pipe_new",
            "fn:mio_source_fd_init",
        ],
    },
    {
        "header": "mio/net/shutdown.h",
        "deps": ["//mio/net:shutdown"],
        "probes": [
            "sizeof(mio_shutdown)",
            "MIO_SHUTDOWN_READ",
            "MIO_SHUTDOWN_WRITE",
            "MIO_SHUTDOWN_BOTH",
        ],
    },
    {
        "header": "mio/net/addr.h",
        "deps": ["//mio/net:addr"],
        "probes": [
            "sizeof(mio_shutdown)",
            "MIO_SHUTDOWN_BOTH",
            "sizeof(struct sockaddr_storage)",
            "sizeof(struct sockaddr_un)",
            "sizeof(socklen_t)",
            "fn:mio_addr_parse",
            "fn:mio_addr_format",
            "fn:mio_unix_addr_kind_of",
        ],
    },
    {
        "header": "mio/net/tcp_stream.h",
        "deps": ["//mio/net:tcp_stream"],
        "probes": [
            "sizeof(mio_tcp_stream)",
            "fn:mio_tcp_stream_connect",
            "fn:mio_tcp_stream_read",
            "fn:mio_tcp_stream_source",
        ],
    },
    {
        "header": "mio/net/tcp_listener.h",
        "deps": ["//mio/net:tcp_listener"],
        "probes": [
            "sizeof(mio_tcp_listener)",
            "fn:mio_tcp_listener_bind",
            "fn:mio_tcp_listener_accept",
        ],
    },
    {
        "header": "mio/net/udp_socket.h",
        "deps": ["//mio/net:udp_socket"],
        "probes": [
            "sizeof(mio_udp_socket)",
            "fn:mio_udp_socket_bind",
            "fn:mio_udp_socket_send_to",
        ],
    },
    {
        "header": "mio/net/unix_stream.h",
        "deps": ["//mio/net:unix_stream"],
        "probes": [
            "sizeof(mio_unix_stream)",
            "fn:mio_unix_stream_connect",
            "fn:mio_unix_stream_pair",
        ],
    },
    {
        "header": "mio/net/unix_listener.h",
        "deps": ["//mio/net:unix_listener"],
        "probes": [
            "sizeof(mio_unix_listener)",
            "fn:mio_unix_listener_bind",
            "fn:mio_unix_listener_accept",
        ],
    },
    {
        "header": "mio/net/unix_datagram.h",
        "deps": ["//mio/net:unix_datagram"],
        "probes": [
            "sizeof(mio_unix_datagram)",
            "fn:mio_unix_datagram_bind",
            "fn:mio_unix_datagram_unbound",
        ],
    },
    {
        "header": "mio/sys/pipe.h",
        "deps": ["//mio/sys:pipe"],
        "probes": [
            "sizeof(mio_pipe_sender)",
            "sizeof(mio_pipe_receiver)",
            "fn:mio_pipe_new",
            "fn:mio_pipe_sender_write",
        ],
    },
    {
        "header": "mio/sys/source_fd.h",
        "deps": ["//mio/sys:source_fd"],
        "probes": [
            "sizeof(mio_source_fd)",
            "fn:mio_source_fd_init",
        ],
    },
]

# Windows-only public headers (API.md §1), checked by windows_headers_test in
# the --config=mingw build; mio/mio.h again with the names it has there.
MIO_WINDOWS_HEADERS = [
    {
        "header": "mio/sys/named_pipe.h",
        "deps": ["//mio/sys:named_pipe"],
        "probes": [
            "sizeof(mio_named_pipe)",
            "sizeof(wchar_t)",
            "fn:mio_named_pipe_new",
            "fn:mio_named_pipe_new_w",
            "fn:mio_named_pipe_from_raw_handle",
            "fn:mio_named_pipe_as_raw_handle",
            "fn:mio_named_pipe_connect",
            "fn:mio_named_pipe_disconnect",
            "fn:mio_named_pipe_take_error",
            "fn:mio_named_pipe_read",
            "fn:mio_named_pipe_write",
            "fn:mio_named_pipe_source",
            "fn:mio_named_pipe_close",
        ],
    },
    {
        "header": "mio/mio.h",
        "deps": ["//mio:mio"],
        "probes": _MIO_H_PROBES + [
            "MIO_EWIN32_BASE",
            "sizeof(mio_named_pipe)",
            "fn:mio_tcp_listener_bind",
            "fn:mio_named_pipe_new",
        ],
    },
]

# The optional C++17 wrapper (//mio/cpp): C++17 and C++20 only. Probes are
# C++ expressions (layouts, constexpr values) plus the C functions each
# header wraps.
MIO_CPP_HEADERS = [
    {
        "header": "mio/cpp/status.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::kErrorCodeNames) / sizeof(mio::ErrorCodeName)",
            "mio::ErrorName(-MIO_EPIPE)[5]",
            "(int)mio::ErrorStatusCode(-MIO_EINPROGRESS)",
            "fn:mio_strerror",
        ],
    },
    {
        "header": "mio/cpp/interest.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::Token)",
            "(mio::Interest::kReadable | mio::Interest::kPriority).bits()",
            "mio::Interest::kWritable.remove(mio::Interest::kWritable).empty()",
            "fn:mio_interest_is_valid",
            "fn:mio_interest_format",
        ],
    },
    {
        "header": "mio/cpp/events.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::Events)",
            "sizeof(mio::Event)",
            "fn:mio_events_new",
            "fn:mio_event_token",
        ],
    },
    {
        "header": "mio/cpp/handle.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::RawFd)",
            "fn:mio_io_source_close",
        ],
    },
    {
        "header": "mio/cpp/poll.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::Poll)",
            "sizeof(mio::Registry)",
            "sizeof(mio::Waker)",
            "sizeof(mio::RegistryClone)",
            "(size_t)mio::internal::TimeoutNs(absl::Milliseconds(3))",
            "fn:mio_poll_poll",
            "fn:mio_registry_register",
            "fn:mio_waker_wake",
        ],
    },
    {
        "header": "mio/cpp/net.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::TcpStream)",
            "sizeof(mio::TcpListener)",
            "sizeof(mio::UdpSocket)",
            "sizeof(mio::SocketAddr)",
            "(size_t)mio::Shutdown::kBoth",
            "fn:mio_tcp_stream_read",
            "fn:mio_udp_socket_send_to",
        ],
    },
    {
        "header": "mio/cpp/unix.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::UnixStream)",
            "sizeof(mio::UnixListener)",
            "sizeof(mio::UnixDatagram)",
            "sizeof(mio::UnixSocketAddr)",
            "fn:mio_unix_stream_pair",
        ],
    },
    {
        "header": "mio/cpp/pipe.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::Pipe)",
            "sizeof(mio::IoSource)",
            "sizeof(mio::SourceFd)",
            "fn:mio_pipe_new",
            "fn:mio_source_fd_init",
        ],
    },
    {
        "header": "mio/cpp/mio.hpp",
        "deps": ["//mio/cpp"],
        "probes": [
            "sizeof(mio::TcpStream)",
            "sizeof(mio::Poll)",
            "mio::Interest::kReadable.bits()",
            "fn:mio_poll_new",
        ],
    },
]

def _mode_id(mode):
    return mode.replace("+", "x")

def _header_id(header):
    base = header.rsplit(".", 1)[0]
    if base.startswith("mio/"):
        base = base[len("mio/"):]
    return base.replace("/", "_")

def _probe_expr(probe):
    if probe.startswith("fn:"):
        return "(size_t)(uintptr_t)(mio_hdrtest_fn)&" + probe[len("fn:"):]
    return "(size_t)(" + probe + ")"

def _probe_body(fn_name, probes):
    lines = [
        "size_t %s(size_t *out);" % fn_name,
        "size_t %s(size_t *out) {" % fn_name,
        "  size_t n = 0;",
    ]
    for p in probes:
        lines.append("  out[n++] = %s;" % _probe_expr(p))
    lines += ["  return n;", "}"]
    return lines

def _unit(what, headers, fn_name, probes, mode):
    lines = ["/* Generated by //testing/headers:header_test.bzl: %s, -std=%s. */" % (what, mode)]
    lines += ['#include "%s"' % h for h in headers]
    if len(headers) == 1:
        lines.append('#include "%s" /* again: the include guard holds */' % headers[0])

    # After the header under test, so they cannot hide a missing include.
    lines += [
        "#include <stddef.h>",
        "#include <stdint.h>",
        "",
        "#ifdef __cplusplus",
        'extern "C" {',
        "#endif",
        "typedef void (*mio_hdrtest_fn)(void);",
    ]
    lines += _probe_body(fn_name, probes)
    lines += ["#ifdef __cplusplus", "}", "#endif", ""]
    return "\n".join(lines)

def _c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

def _generated_files_impl(ctx):
    outs = []
    for path, content in ctx.attr.files.items():
        out = ctx.actions.declare_file(path)
        ctx.actions.write(out, content)
        outs.append(out)
    return [DefaultInfo(files = depset(outs))]

# Writes each {path: content} as a file of this package.
_generated_files = rule(
    implementation = _generated_files_impl,
    attrs = {"files": attr.string_dict(mandatory = True)},
)

def _table(headers, modes):
    """The .inc the test's main includes: expected values and the units."""
    all_probes = []
    for h in headers:
        all_probes += h["probes"]
    max_probes = max([len(h["probes"]) for h in headers] + [len(all_probes)])

    lines = ["// Generated by //testing/headers:header_test.bzl."]
    lines += ['#include "%s"' % h["header"] for h in headers]
    lines += [
        "#include <stddef.h>",
        "#include <stdint.h>",
        "",
        "#define MIO_HDRTEST_MAX_PROBES %d" % max_probes,
        "",
        'extern "C" {',
        "typedef void (*mio_hdrtest_fn)(void);",
    ]
    units = [(_header_id(h["header"]), h["header"], h["probes"]) for h in headers]
    units.append(("reverse", "all headers, reverse order", all_probes))
    for uid, _, probes in units:
        for mode in modes:
            lines.append("size_t mio_hdrtest_%s_%s(size_t *out);" % (uid, _mode_id(mode)))
        lines += _probe_body("mio_hdrtest_%s_expected" % uid, probes)
    lines += ["}  // extern \"C\"", ""]

    for uid, _, probes in units:
        lines.append("static const char *const kProbes_%s[] = {" % uid)
        lines += ["    %s," % _c_string(p) for p in probes]
        lines.append("};")
    lines += ["", "static const HeaderUnit kHeaderUnits[] = {"]
    for uid, what, probes in units:
        for mode in modes:
            lines.append("    {%s, %s, \"%s_%s\", mio_hdrtest_%s_%s, mio_hdrtest_%s_expected, kProbes_%s}," % (
                _c_string(what),
                _c_string(mode),
                uid,
                _mode_id(mode),
                uid,
                _mode_id(mode),
                uid,
                uid,
            ))
    lines += ["};", ""]
    return "\n".join(lines)

def mio_header_test(
        name,
        srcs,
        headers = MIO_PUBLIC_HEADERS,
        deps = [],
        modes = C_MODES + CXX_MODES,
        target_compatible_with = POSIX_ONLY):
    """One cc_test checking every header in `headers` in every mode.

    Args:
      name: the cc_test.
      srcs: its hand-written main (includes "<package>/<name>_table.inc").
      headers: entries as in MIO_PUBLIC_HEADERS.
      deps: extra deps of the cc_test (GoogleTest).
      modes: the -std= modes every header is compiled in (C++-only headers
        pass CXX modes only).
      target_compatible_with: where the headers exist (default: POSIX, as
        the default list has the POSIX-only headers).
    """
    header_deps = {}
    for h in headers:
        for d in h["deps"]:
            header_deps[d] = True
    all_probes = []
    for h in headers:
        all_probes += h["probes"]

    mode_libs = []
    for mode in modes:
        ext = ".c" if mode in C_MODES else ".cc"
        mid = _mode_id(mode)
        files = {}
        for h in headers:
            hid = _header_id(h["header"])
            files["%s_%s/%s%s" % (name, mid, hid, ext)] = _unit(
                h["header"] + " alone",
                [h["header"]],
                "mio_hdrtest_%s_%s" % (hid, mid),
                h["probes"],
                mode,
            )
        files["%s_%s/reverse%s" % (name, mid, ext)] = _unit(
            "all headers in reverse order",
            [h["header"] for h in reversed(headers)],
            "mio_hdrtest_reverse_%s" % mid,
            all_probes,
            mode,
        )
        _generated_files(name = "%s_%s_srcs" % (name, mid), files = files)
        cc_library(
            name = "%s_%s" % (name, mid),
            srcs = [":%s_%s_srcs" % (name, mid)],
            copts = ["-std=" + mode] + HEADER_TEST_COPTS,
            target_compatible_with = target_compatible_with,
            deps = header_deps.keys(),
        )
        mode_libs.append(":%s_%s" % (name, mid))

    _generated_files(
        name = name + "_table",
        files = {name + "_table.inc": _table(headers, modes)},
    )
    cc_test(
        name = name,
        target_compatible_with = target_compatible_with,
        size = "small",
        srcs = srcs + [":%s_table" % name],
        deps = mode_libs + header_deps.keys() + deps,
        # The hand-written main includes the generated table through this
        # (defines are shell-tokenized: the escaped quotes survive).
        local_defines = [
            'MIO_HDRTEST_TABLE=\\"%s/%s_table.inc\\"' % (native.package_name(), name),
        ],
        # mio's libraries are built with -fvisibility=hidden, so their
        # internal cross-library symbols only resolve in a static link.
        linkstatic = True,
    )
