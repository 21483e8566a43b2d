"""@rules_cc//cc/toolchains:cc_toolchain_config_info.bzl for Bazel 4.2.3."""

load("//cc/private:native.bzl", "NativeCcToolchainConfigInfo")

CcToolchainConfigInfo = NativeCcToolchainConfigInfo
