"""@rules_cc//cc:find_cc_toolchain.bzl for Bazel 4.2.3 (the subset mio-c uses):
the C++ toolchain of a rule, from @bazel_tools as rules_cc's own version does."""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", _find_cpp_toolchain = "find_cpp_toolchain")

CC_TOOLCHAIN_TYPE = "@bazel_tools//tools/cpp:toolchain_type"

def find_cc_toolchain(ctx):
    """The CcToolchainInfo of ctx's rule (needs a `_cc_toolchain` attribute).

    Args:
      ctx: the rule context.

    Returns:
      The CcToolchainInfo provider.
    """
    return _find_cpp_toolchain(ctx)

find_cpp_toolchain = find_cc_toolchain

def use_cc_toolchain():
    """The `toolchains` list of a rule that calls find_cc_toolchain.

    Returns:
      A list with the C++ toolchain type (mandatory: 4.2.3 has no optional ones).
    """
    return [CC_TOOLCHAIN_TYPE]
