"""A Debian gcc toolchain for another Linux architecture, for Bazel 4.2.3.

One rule serves the native multilib compiler (`gcc -m32`, i386) and Debian's
cross compilers (`aarch64-linux-gnu-gcc`): both are a gcc driver plus binutils
plus a few flags. Libraries of the target architecture that are not in the
compiler's own sysroot (abseil, Google Benchmark from Debian's multiarch
`libabsl-dev:<arch>`) are found through `lib_dirs`.
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

def _flags(actions, flags):
    return flag_set(actions = actions, flag_groups = [flag_group(flags = flags)]) if flags else None

def _impl(ctx):
    prefix = ctx.attr.tool_prefix
    tool_paths = [
        tool_path(name = "gcc", path = prefix + "gcc"),
        tool_path(name = "cpp", path = prefix + "cpp"),
        tool_path(name = "ar", path = prefix + "ar"),
        tool_path(name = "ld", path = prefix + "ld"),
        tool_path(name = "nm", path = prefix + "nm"),
        tool_path(name = "objcopy", path = prefix + "objcopy"),
        tool_path(name = "objdump", path = prefix + "objdump"),
        tool_path(name = "strip", path = prefix + "strip"),
        tool_path(name = "gcov", path = prefix + "gcov"),
    ]
    link_flags = (ctx.attr.arch_flags + ctx.attr.link_flags +
                  ["-L" + d for d in ctx.attr.lib_dirs] +
                  ["-pthread", "-lstdc++", "-lm"])
    features = [
        feature(
            name = "default_compile_flags",
            enabled = True,
            flag_sets = [s for s in [
                # As Bazel's autoconfigured Linux toolchain: warnings on,
                # frame pointers kept, reproducible timestamps.
                _flags(_ALL_COMPILE, ctx.attr.arch_flags + [
                    "-Wall",
                    "-fno-omit-frame-pointer",
                    "-Wno-builtin-macro-redefined",
                    "-D__DATE__=\"redacted\"",
                    "-D__TIMESTAMP__=\"redacted\"",
                    "-D__TIME__=\"redacted\"",
                ] + ["-idirafter" + d for d in ctx.attr.include_dirs_after]),
            ] if s],
        ),
        feature(
            name = "default_link_flags",
            enabled = True,
            flag_sets = [_flags(_ALL_LINK, link_flags)],
        ),
        # Bazel's -c dbg / -c opt.
        feature(name = "dbg", flag_sets = [_flags(_ALL_COMPILE, ["-g", "-O0"])]),
        feature(name = "opt", flag_sets = [_flags(_ALL_COMPILE, ["-O2", "-DNDEBUG"])]),
        # No "supports_dynamic_linker": every cc_test links its libraries
        # statically (libc and libstdc++ too with link_flags = ["-static"]).
    ]
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        toolchain_identifier = ctx.attr.name,
        host_system_name = "x86_64-linux-gnu",
        target_system_name = ctx.attr.target_system_name,
        target_cpu = ctx.attr.target_cpu,
        target_libc = "glibc",
        compiler = "gcc",
        abi_version = "unknown",
        abi_libc_version = "unknown",
        tool_paths = tool_paths,
        cxx_builtin_include_directories = ctx.attr.builtin_include_dirs,
    )

linux_gcc_cc_toolchain_config = rule(
    implementation = _impl,
    attrs = {
        # "/usr/bin/" (native gcc) or "/usr/bin/aarch64-linux-gnu-" (cross).
        "tool_prefix": attr.string(mandatory = True),
        # Compile and link flags that select the architecture ("-m32").
        "arch_flags": attr.string_list(),
        # Searched after the system headers (-idirafter).
        "include_dirs_after": attr.string_list(),
        # Every directory the compiler searches for system headers: Bazel
        # rejects an #include it cannot attribute to a dependency or to one
        # of these.
        "builtin_include_dirs": attr.string_list(mandatory = True),
        # Link-only flags ("-static").
        "link_flags": attr.string_list(),
        # Extra -L directories (Debian multiarch /usr/lib/<triple>).
        "lib_dirs": attr.string_list(),
        "target_cpu": attr.string(mandatory = True),
        "target_system_name": attr.string(mandatory = True),
    },
    provides = [CcToolchainConfigInfo],
)
