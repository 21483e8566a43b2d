"""The providers and module Bazel 4.2.3 predeclares, under names that do not
shadow them, so cc/common/*.bzl can export them as CcInfo and cc_common (as
rules_cc's own cc/private/rules_impl/native.bzl does)."""

NativeCcInfo = CcInfo  # buildifier: disable=native-cc-info

native_cc_common = cc_common  # buildifier: disable=native-cc-common

NativeCcToolchainConfigInfo = CcToolchainConfigInfo  # buildifier: disable=native-cc-toolchain-config-info
