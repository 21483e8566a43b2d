#!/usr/bin/env bash
# `zig ar` for Bazel's zig toolchains: see zig_cc.sh.
exec "$(dirname "$0")/zig_cc.sh" --zig-ar "$@"
