"""mio_static_archive: one static library of every object a cc target links.

tools/install ships //mio as a single lib/libmio-c.a for non-Bazel builds.
Bazel itself keeps one archive per cc_library; this rule puts all their
objects (PIC when the toolchain built them, so the archive links into PIE and
non-PIE programs alike) into one, with the C toolchain's `ar`.
"""

load("@rules_cc//cc:find_cc_toolchain.bzl", "find_cc_toolchain", "use_cc_toolchain")
load("@rules_cc//cc/common:cc_info.bzl", "CcInfo")

def _objects(dep):
    """Object files of every library in dep's transitive link, in link order."""
    objects = []
    for linker_input in dep[CcInfo].linking_context.linker_inputs.to_list():
        for library in linker_input.libraries:
            objects.extend(library.pic_objects or library.objects)
    return objects

def _mio_static_archive_impl(ctx):
    cc_toolchain = find_cc_toolchain(ctx)
    objects = []
    for dep in ctx.attr.deps:
        objects.extend([o for o in _objects(dep) if o not in objects])
    out = ctx.actions.declare_file(ctx.attr.out)

    # `q` appends without replacing: objects from different packages may
    # share a basename (mio/core/poll.c and mio/sys/poll/poll.c).
    args = ctx.actions.args()
    args.add("qcs", out)
    args.add_all(objects)
    ctx.actions.run(
        executable = cc_toolchain.ar_executable,
        arguments = [args],
        inputs = depset(objects, transitive = [cc_toolchain.all_files]),
        outputs = [out],
        mnemonic = "MioStaticArchive",
        progress_message = "Archiving %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]))]

mio_static_archive = rule(
    implementation = _mio_static_archive_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "out": attr.string(mandatory = True),
        "_cc_toolchain": attr.label(
            default = "@bazel_tools//tools/cpp:current_cc_toolchain",
        ),
    },
    toolchains = use_cc_toolchain(),
    incompatible_use_toolchain_transition = True,
)
