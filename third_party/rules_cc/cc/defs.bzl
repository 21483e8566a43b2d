"""Offline stand-in for @rules_cc: Debian's Bazel 4.2.3 ships no rules_cc and the
packaged bazel-rules-cc is too new for it, so each rule forwards to the native one.
Starlark forbids nested functions, hence one top-level function per rule."""

def cc_binary(**kwargs):
    native.cc_binary(**kwargs)

def cc_library(**kwargs):
    native.cc_library(**kwargs)

def cc_test(**kwargs):
    native.cc_test(**kwargs)

def cc_import(**kwargs):
    native.cc_import(**kwargs)

def cc_toolchain(**kwargs):
    native.cc_toolchain(**kwargs)

def cc_toolchain_suite(**kwargs):
    native.cc_toolchain_suite(**kwargs)
