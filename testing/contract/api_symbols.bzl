"""mio_api_symbols: the public C API of a cc_library, as C++ include files.

Generates two files from `lib` (normally //mio) for bad_input_test.cc, so a
new public function cannot escape its table:

  <name>_declared.inc  one `"mio_x",` line per function declared with
                       MIO_EXTERN in the library's headers (public headers put
                       every exported function on one `MIO_EXTERN <type>
                       <name>(` line; internal headers have none).
  <name>_exported.inc  one line per FUNC symbol the library's static archives
                       define with GLOBAL binding and DEFAULT visibility
                       (`readelf -sW`): what a program can actually link
                       against, since the library is built with
                       -fvisibility=hidden. For Mach-O (macho = True, the
                       macOS builds) the same from `llvm-nm -m`: "external"
                       text symbols, not "private external" (hidden) ones,
                       without the leading underscore.

The test checks declared == exported and that every name has a row.
"""

load("@rules_cc//cc/common:cc_info.bzl", "CcInfo")

def _archives(cc_info):
    libs = []
    for linker_input in cc_info.linking_context.linker_inputs.to_list():
        for lib in linker_input.libraries:
            archive = lib.pic_static_library or lib.static_library
            if archive != None:
                libs.append(archive)
    return libs

def _mio_api_symbols_impl(ctx):
    cc_info = ctx.attr.lib[CcInfo]
    headers = cc_info.compilation_context.headers.to_list()
    archives = _archives(cc_info)
    declared = ctx.actions.declare_file(ctx.label.name + "_declared.inc")
    exported = ctx.actions.declare_file(ctx.label.name + "_exported.inc")

    # Sorted, unique, each as a C string literal followed by a comma.
    to_inc = "LC_ALL=C sort -u | sed 's/.*/\"&\",/'"
    ctx.actions.run_shell(
        inputs = headers,
        outputs = [declared],
        command = (
            "cat \"$@\" | sed -n 's/^MIO_EXTERN .*[ *]\\(mio_[a-z0-9_]*\\)(.*/\\1/p' | " +
            to_inc + " > " + declared.path
        ),
        arguments = [h.path for h in headers],
        mnemonic = "MioDeclaredFunctions",
        progress_message = "Listing MIO_EXTERN declarations of %s" % ctx.attr.lib.label,
    )
    if ctx.attr.macho:
        list_exported = (
            "llvm-nm-14 -m --defined-only \"$@\" | " +
            "awk '/ [(]__TEXT,__text[)] external _/ { print substr($NF, 2) }' | "
        )
    else:
        list_exported = (
            "readelf -sW \"$@\" | " +
            "awk '$4 == \"FUNC\" && $5 == \"GLOBAL\" && $6 == \"DEFAULT\" && " +
            "$7 != \"UND\" { print $8 }' | "
        )
    ctx.actions.run_shell(
        inputs = archives,
        outputs = [exported],
        command = list_exported + to_inc + " > " + exported.path,
        arguments = [a.path for a in archives],
        mnemonic = "MioExportedFunctions",
        progress_message = "Listing exported functions of %s" % ctx.attr.lib.label,
    )
    return [DefaultInfo(files = depset([declared, exported]))]

mio_api_symbols = rule(
    implementation = _mio_api_symbols_impl,
    attrs = {
        "lib": attr.label(mandatory = True, providers = [CcInfo]),
        # The archives are Mach-O (Apple targets): llvm-nm instead of readelf.
        "macho": attr.bool(default = False),
    },
    doc = "Lists the MIO_EXTERN declarations and exported symbols of `lib`.",
)
