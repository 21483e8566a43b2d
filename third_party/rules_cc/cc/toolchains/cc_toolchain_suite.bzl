"""@rules_cc//cc/toolchains:cc_toolchain_suite.bzl for Bazel 4.2.3, which has only the native rule."""

def cc_toolchain_suite(**kwargs):
    native.cc_toolchain_suite(**kwargs)  # buildifier: disable=native-cc-toolchain-suite
