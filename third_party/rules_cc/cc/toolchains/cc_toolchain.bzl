"""@rules_cc//cc/toolchains:cc_toolchain.bzl for Bazel 4.2.3, which has only the native rule."""

def cc_toolchain(**kwargs):
    native.cc_toolchain(**kwargs)  # buildifier: disable=native-cc-toolchain
