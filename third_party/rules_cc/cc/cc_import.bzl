"""@rules_cc//cc:cc_import.bzl for Bazel 4.2.3, which has only the native rule."""

def cc_import(**kwargs):
    native.cc_import(**kwargs)  # buildifier: disable=native-cc-import
