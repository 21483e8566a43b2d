"""Offline stand-in for @rules_shell: Debian's Bazel 4.2.3 predates rules_shell
(Bazel 8 and 9 need it: their shell rules are no longer built in). Same entry
points as rules_shell 0.4: shell/<rule>.bzl, re-exported here."""

load("//shell:sh_binary.bzl", _sh_binary = "sh_binary")
load("//shell:sh_library.bzl", _sh_library = "sh_library")
load("//shell:sh_test.bzl", _sh_test = "sh_test")

sh_binary = _sh_binary
sh_library = _sh_library
sh_test = _sh_test
