"""@rules_shell//shell:sh_test.bzl for Bazel 4.2.3, which has only the native rule."""

def sh_test(**kwargs):
    native.sh_test(**kwargs)  # buildifier: disable=native-sh-test
