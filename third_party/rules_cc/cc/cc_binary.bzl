"""@rules_cc//cc:cc_binary.bzl for Bazel 4.2.3, which has only the native rule."""

def cc_binary(**kwargs):
    native.cc_binary(**kwargs)  # buildifier: disable=native-cc-binary
