"""@rules_shell//shell:sh_binary.bzl for Bazel 4.2.3, which has only the native rule."""

def sh_binary(**kwargs):
    native.sh_binary(**kwargs)  # buildifier: disable=native-sh-binary
