"""@rules_cc//cc/common:cc_common.bzl for Bazel 4.2.3: the built-in cc_common."""

load("//cc/private:native.bzl", "native_cc_common")

cc_common = native_cc_common
