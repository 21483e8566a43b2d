"""@rules_cc//cc:cc_test.bzl for Bazel 4.2.3, which has only the native rule."""

def cc_test(**kwargs):
    native.cc_test(**kwargs)  # buildifier: disable=native-cc-test
