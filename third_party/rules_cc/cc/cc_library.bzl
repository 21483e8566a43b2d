"""@rules_cc//cc:cc_library.bzl for Bazel 4.2.3, which has only the native rule."""

def cc_library(**kwargs):
    native.cc_library(**kwargs)  # buildifier: disable=native-cc-library
