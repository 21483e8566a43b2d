"""@rules_shell//shell:sh_library.bzl for Bazel 4.2.3, which has only the native rule."""

def sh_library(**kwargs):
    native.sh_library(**kwargs)  # buildifier: disable=native-sh-library
