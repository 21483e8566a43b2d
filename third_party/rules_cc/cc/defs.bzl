"""Offline stand-in for @rules_cc: Debian's Bazel 4.2.3 ships no rules_cc and the
packaged bazel-rules-cc is too new for it. Same entry points as rules_cc 0.1:
cc/defs.bzl, the per-rule cc/<rule>.bzl files, cc/common (CcInfo, cc_common),
cc/toolchains; each forwards to what Bazel 4.2.3 has built in."""

load("//cc:cc_binary.bzl", _cc_binary = "cc_binary")
load("//cc:cc_import.bzl", _cc_import = "cc_import")
load("//cc:cc_library.bzl", _cc_library = "cc_library")
load("//cc:cc_test.bzl", _cc_test = "cc_test")
load("//cc/common:cc_common.bzl", _cc_common = "cc_common")
load("//cc/common:cc_info.bzl", _CcInfo = "CcInfo")
load("//cc/toolchains:cc_toolchain.bzl", _cc_toolchain = "cc_toolchain")
load("//cc/toolchains:cc_toolchain_suite.bzl", _cc_toolchain_suite = "cc_toolchain_suite")

cc_binary = _cc_binary
cc_import = _cc_import
cc_library = _cc_library
cc_test = _cc_test
cc_toolchain = _cc_toolchain
cc_toolchain_suite = _cc_toolchain_suite
cc_common = _cc_common
CcInfo = _CcInfo
