"""The kqueue OSes as select() keys (Bazel 4 has no OR of config_settings)."""

KQUEUE_OS_SETTINGS = [
    "//mio/config:macos",
    "//mio/config:ios",
    "//mio/config:freebsd",
    "//mio/config:netbsd",
    "//mio/config:openbsd",
]

def on_kqueue_os(value, others = {}):
    """select() keys: every kqueue OS mapped to `value`, plus `others`."""
    keys = {os: value for os in KQUEUE_OS_SETTINGS}
    keys.update(others)
    return keys

# target_compatible_with for targets that only build on a kqueue OS.
KQUEUE_ONLY = select(on_kqueue_os([], {
    "//conditions:default": ["//mio/config:incompatible"],
}))
