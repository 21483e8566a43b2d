"""@rules_cc//cc/common:cc_info.bzl for Bazel 4.2.3: the built-in CcInfo."""

load("//cc/private:native.bzl", "NativeCcInfo")

CcInfo = NativeCcInfo
