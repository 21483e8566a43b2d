"""The kqueue OSes as select() keys (Bazel 4 has no OR of config_settings)."""

KQUEUE_OS_SETTINGS = [
    "//mio/config:macos",
    "//mio/config:ios",
    "//mio/config:freebsd",
    "//mio/config:netbsd",
    "//mio/config:openbsd",
]

def on_kqueue_os_poll(value, others = {}):
    """select() keys for the kqueue OSes built with mio_backend=poll.

    Every <os>_poll setting (it specialises the OS and
    //mio/config:backend_poll) maps to `value`; `others` are added as is.

    Args:
      value: the value for every kqueue OS built with the poll(2) backend.
      others: further select() keys.

    Returns:
      A dict for select().
    """
    keys = {os + "_poll": value for os in KQUEUE_OS_SETTINGS}
    keys.update(others)
    return keys

def on_kqueue_os(value, others = {}):
    """select() keys: every kqueue OS mapped to `value`, plus `others`."""
    keys = {os: value for os in KQUEUE_OS_SETTINGS}
    keys.update(others)
    return keys

# target_compatible_with for targets that only build on a kqueue OS.
KQUEUE_ONLY = select(on_kqueue_os([], {
    "//conditions:default": ["//mio/config:incompatible"],
}))

# target_compatible_with for the poll(2) backend and the portable POSIX
# decoders: every POSIX OS, but on a kqueue OS only with
# --define=mio_backend=poll (otherwise events there are struct kevent).
POSIX_REPR_ONLY = select(on_kqueue_os_poll([], on_kqueue_os(
    ["//mio/config:incompatible"],
    {
        "//mio/config:windows": ["//mio/config:incompatible"],
        "//conditions:default": [],
    },
)))
