#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/ (deterministic; run from anywhere).

    python3 fuzz/make_seeds.py

Each seed is a short, readable scenario in the input encoding of its fuzzer
(see the decoders in *_fuzzer.cc); libFuzzer grows the corpora from these.
Files are named seed_<scenario>; tools/fuzz adds hash-named ones.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


# Targets that share another's input format get its seeds too.
SAME_FORMAT = {"registry_ops": ["registry_ops_kernel"]}


def write(target, name, data):
    for t in [target] + SAME_FORMAT.get(target, []):
        d = os.path.join(HERE, "corpus", t)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "seed_" + name), "wb") as f:
            f.write(bytes(data))


# ------------------------------------------------------ registry_ops encoding
# byte 0: bit i set -> Poll i uses poll(2), else epoll (io_uring if bit i + 2
# is set). Then operations.
# Initial slot kinds: i % 4 -> socket, pipe read end, pipe write end, eventfd.
R, W, RW, P, RP, WP, RWP = range(7)  # interest selectors (valid ones)


def tok(t):  # small token t (0..15)
    return ((t % 16) << 2) | 1


def register(poll, slot, token, interest, handle=0):
    return [0, poll, handle, slot, tok(token), interest]


def reregister(poll, slot, token, interest, handle=0):
    return [2, poll, handle, slot, tok(token), interest]


def deregister(poll, slot, handle=0):
    return [3, poll, handle, slot]


def close(slot, into_raw=0):
    return [4, slot, into_raw]


def create(slot, kind):
    return [5, slot, kind]


def peer_poke(slot, n):
    return [6, slot] + list(struct.pack("<H", n))


def peer_drain(slot, n):
    return [7, slot] + list(struct.pack("<H", n))


def close_peer(slot):
    return [8, slot]


def read(slot, n=4096):  # not for eventfd slots (3)
    return [9, slot] + list(struct.pack("<H", n))


def write_src(slot, n=4096):  # not for eventfd slots (3)
    return [10, slot] + list(struct.pack("<H", n))


def poll(p, evbuf=3):  # evbuf: capacities 1, 2, 4, 64
    return [11, p, evbuf]


def waker_new(p, token, handle=0):
    return [13, 0, p, handle, tok(token)]


def waker_wake(p):
    return [13, 1, p]


def waker_free(p):
    return [13, 2, p]


def clone(p, idx, handle=0):
    return [14, p, handle, idx]


def bad_args(case, p=0, slot=0):
    extra = {6: [3, 0, 0, 0, 0], 9: [7]}.get(case, [])
    return [15, 3, p, 0, slot, R, case] + extra


def recreate_poll(p, use_poll, orphan):
    return [15, 0, p, use_poll, orphan]


def orphan_wake(orphan):
    return [15, 1, orphan, 0, 0, 0]


def orphan_register(orphan, clone_idx, slot, token, interest):
    return [15, 1, orphan, clone_idx, slot, 1, tok(token), interest]


def orphan_deregister(orphan, clone_idx, slot):
    return [15, 1, orphan, clone_idx, slot, 2]


def registry_seeds():
    for backends, label in [(0, "epoll"), (3, "poll"), (1, "mixed"),
                            (12, "io_uring"), (6, "io_uring_poll")]:
        write("registry_ops", "readable_" + label,
              [backends] + register(0, 0, 1, R) + peer_poke(0, 10) + poll(0)
              + read(0) + read(0) + peer_poke(0, 5) + poll(0) + poll(0))
        write("registry_ops", "association_" + label,
              [backends] + register(0, 0, 1, RW) + register(1, 0, 2, R)
              + reregister(1, 0, 2, R) + deregister(1, 0) + deregister(0, 0)
              + reregister(0, 0, 3, R) + deregister(0, 0) + register(1, 0, 4, W)
              + poll(1) + poll(0))
        write("registry_ops", "waker_" + label,
              [backends] + waker_new(0, 7) + waker_wake(0) + waker_wake(0)
              + poll(0) + poll(0) + waker_new(0, 8, handle=1) + waker_free(0)
              + waker_new(0, 9) + waker_wake(0) + poll(0, 0) + waker_free(0))
        write("registry_ops", "close_registered_" + label,
              [backends] + register(0, 0, 1, R) + register(0, 1, 2, R)
              + peer_poke(0, 3) + peer_poke(1, 3) + close(0) + close(1, 1)
              + poll(0) + create(0, 0) + register(0, 0, 1, R) + peer_poke(0, 1)
              + poll(0))
        write("registry_ops", "clones_" + label,
              [backends] + clone(0, 0) + register(0, 2, 5, W, handle=1)
              + poll(0) + deregister(0, 2) + clone(0, 0) + clone(1, 1)
              + waker_new(1, 6, handle=2) + waker_wake(1) + poll(1))
        write("registry_ops", "hangup_" + label,
              [backends] + register(0, 0, 1, RWP) + register(0, 1, 2, R)
              + register(0, 2, 3, W) + write_src(2, 65535) + poll(0)
              + close_peer(0) + close_peer(1) + close_peer(2) + poll(0, 0)
              + poll(0, 1) + poll(0))
        write("registry_ops", "outlive_poll_" + label,
              [backends] + clone(0, 0) + waker_new(0, 3)
              + register(0, 0, 1, R) + register(0, 1, 2, RW)
              + recreate_poll(0, (backends & 1) | (backends >> 1 & 2), 0)
              + orphan_wake(0)
              + register(0, 0, 4, R) + deregister(0, 1)
              + orphan_deregister(0, 0, 0) + orphan_register(0, 0, 4, 5, W)
              + orphan_register(0, 0, 0, 6, R) + register(0, 1, 7, R)
              + peer_poke(0, 2) + poll(0) + close(1) + create(1, 0)
              + register(0, 1, 8, R) + poll(0))
    write("registry_ops", "bad_args",
          [0] + sum((bad_args(c) for c in range(12)), []))
    write("registry_ops", "empty", [])


# ----------------------------------------------------- interest_event encoding
def interest(a, b, length):
    return [0, a, b, length]


def event(bits, token, lens):
    # bits as a 16-bit selector of the nine flags (bit 15 clear), token kind 2
    # (8 raw bytes), then the format lengths.
    return [1] + list(struct.pack("<H", bits)) + [2] + list(
        struct.pack("<Q", token)) + lens


def interest_event_seeds():
    # One operation per input (the target runs only the first).
    for i in range(0, 64, 3):
        write("interest_event", "interest_%d" % i, interest(i, i >> 1, i % 40))
    for b in range(0, 512, 7):
        write("interest_event", "event_%d" % b,
              event(b, b * 977, [b % 200, 0, b % 60, 0]))
    write("interest_event", "null", [2, 0, 1])
    write("interest_event", "lists",
          [3, 4, 3] + event(0x1FF, 2**64 - 1, [0, 0])[1:]
          + event(5, 0, [1, 1])[1:] + event(0x100, 7, [0, 0])[1:] + [0, 0])
    write("interest_event", "empty", [])


# ------------------------------------------------------ poll_backend encoding
# No header byte; initial slot kinds: i % 6 -> socket, pipe read end, pipe
# write end, eventfd, TCP stream, TCP listener. Every operation runs on the
# epoll and the poll(2) copy; token/interest selectors as registry_ops.
SOCK, PIPE_R, PIPE_W, EVFD, TCP, LISTENER = range(6)


def pb_register(poll, slot, token, interest, clone=0):
    return [0, poll, clone, slot, tok(token), interest]


def pb_reregister(poll, slot, token, interest, clone=0):
    return [2, poll, clone, slot, tok(token), interest]


def pb_deregister(poll, slot, clone=0):
    return [3, poll, clone, slot]


def pb_close(slot, into_raw=0):
    return [4, slot, into_raw]


def pb_create(slot, kind):
    return [5, slot, kind]


def pb_poke(slot, n=16):  # a listener: connect a client (n unused)
    return [6, slot] + list(struct.pack("<H", n))


def pb_drain(slot, n=65535):
    return [7, slot] + list(struct.pack("<H", n))


def pb_close_peer(slot):
    return [8, slot]


def pb_read(slot, n=65535):  # eventfd slots take no length; listener: accept
    return [9, slot] + ([] if slot % 6 == EVFD else
                        list(struct.pack("<H", n)))


def pb_write(slot, n=65535):
    return [10, slot] + ([1] if slot % 6 == EVFD else
                         list(struct.pack("<H", n)))


def pb_edge(poll, evbuf=3):  # evbuf: capacities 1, 2, 4, 64
    return [11, poll, evbuf]


def pb_settle(poll, evbuf=3):
    return [12, poll, evbuf]


def pb_waker(op, poll, token=0, clone=0):  # op 0 new, 1 wake, 2 free
    return [13, op, poll, clone, tok(token)]


def pb_shutdown(slot, mine, how):  # how 0 RD, 1 WR, 2 RDWR
    return [14, slot, mine, how]


def pb_clone(poll):
    return [15, 1, poll]


def pb_recreate(poll):
    return [15, 0, poll]


def pb_all(fn, *args, slots=range(6)):
    return sum((fn(i, *args) for i in slots), [])


def poll_backend_seeds():
    reg_all = sum((pb_register(0, i, i + 1, R) for i in range(6)), [])
    write("poll_backend", "readable",
          reg_all + pb_edge(0) + pb_all(pb_poke) + pb_edge(0) + pb_edge(0)
          + pb_settle(0) + pb_all(pb_read) + pb_edge(0) + pb_all(pb_poke)
          + pb_edge(0) + pb_settle(0, 0))
    write("poll_backend", "writable",
          sum((pb_register(0, i, i + 1, RW) for i in range(6)), [])
          + pb_edge(0) + pb_write(0) + pb_write(0) + pb_write(0) + pb_edge(0)
          + pb_drain(0) + pb_edge(0) + pb_write(2) + pb_write(2)
          + pb_edge(0) + pb_poke(2) + pb_edge(0) + pb_write(4, 1000)
          + pb_drain(4) + pb_settle(0) + pb_edge(0))
    write("poll_backend", "hangup",
          sum((pb_register(0, i, i + 1, RWP) for i in range(6)), [])
          + pb_settle(0) + pb_all(pb_close_peer) + pb_edge(0) + pb_edge(0, 0)
          + pb_settle(0, 1) + pb_all(pb_read) + pb_edge(0) + pb_settle(0))
    write("poll_backend", "half_closed",
          pb_register(0, 0, 1, R) + pb_register(0, 4, 2, RW)
          + pb_edge(0) + pb_shutdown(0, 0, 1) + pb_shutdown(4, 0, 1)
          + pb_edge(0) + pb_read(0) + pb_read(4) + pb_edge(0)
          + pb_shutdown(0, 1, 1) + pb_shutdown(4, 1, 0) + pb_edge(0)
          + pb_settle(0) + pb_write(0) + pb_write(4) + pb_edge(0)
          + pb_settle(0))
    write("poll_backend", "listener",
          pb_register(0, 5, 1, R) + pb_edge(0) + pb_poke(5) + pb_poke(5)
          + pb_edge(0) + pb_read(5) + pb_edge(0) + pb_read(5) + pb_read(5)
          + pb_poke(5) + pb_edge(0) + pb_close_peer(5) + pb_settle(0)
          + pb_read(5) + pb_read(5) + pb_edge(0) + pb_close(5)
          + pb_create(5, LISTENER) + pb_poke(5) + pb_register(1, 5, 2, R)
          + pb_edge(1))
    write("poll_backend", "capacity",
          reg_all + pb_all(pb_poke) + pb_edge(0, 0) + pb_edge(0, 1)
          + pb_edge(0, 0) + pb_edge(0, 2) + pb_settle(0, 0)
          + pb_settle(0, 1) + pb_edge(0, 0))
    write("poll_backend", "shared_tokens",
          sum((pb_register(0, i, 3, RW) for i in range(6)), [])
          + pb_waker(0, 0, 3) + pb_waker(1, 0) + pb_edge(0) + pb_all(pb_poke)
          + pb_edge(0) + pb_settle(0) + pb_settle(0, 1))
    write("poll_backend", "waker",
          pb_waker(0, 0, 9) + pb_edge(0) + pb_waker(1, 0) + pb_waker(1, 0)
          + pb_edge(0) + pb_edge(0) + pb_waker(1, 0) + pb_settle(0)
          + pb_waker(0, 0, 8, clone=1) + pb_waker(2, 0) + pb_waker(0, 0, 7)
          + pb_waker(1, 0) + pb_register(0, 0, 1, W) + pb_edge(0, 0)
          + pb_edge(0, 0) + pb_waker(0, 1, 1) + pb_waker(1, 1)
          + pb_edge(1))
    write("poll_backend", "reregister",
          pb_register(0, 0, 1, R) + pb_poke(0) + pb_edge(0)
          + pb_reregister(0, 0, 2, W) + pb_edge(0) + pb_reregister(0, 0, 2, RW)
          + pb_edge(0) + pb_reregister(0, 0, 3, P) + pb_edge(0)
          + pb_deregister(0, 0) + pb_register(1, 0, 4, R) + pb_edge(1)
          + pb_edge(0) + pb_read(0) + pb_poke(0) + pb_edge(1))
    write("poll_backend", "close_registered",
          reg_all + pb_all(pb_poke) + pb_close(0) + pb_close(1, 1)
          + pb_close(4) + pb_edge(0) + pb_create(0, SOCK)
          + pb_create(1, PIPE_R) + pb_create(4, TCP)
          + pb_register(0, 0, 1, R) + pb_register(0, 1, 2, R)
          + pb_register(0, 4, 3, R) + pb_all(pb_poke, slots=[0, 1, 4])
          + pb_edge(0) + pb_deregister(0, 2) + pb_deregister(0, 3)
          + pb_settle(0))
    write("poll_backend", "recreate_polls",
          pb_clone(0) + pb_waker(0, 0, 5) + reg_all + pb_recreate(0)
          + pb_register(0, 0, 1, R) + pb_deregister(0, 1)
          + pb_register(1, 2, 3, W, clone=0) + pb_edge(1) + pb_close(0)
          + pb_create(0, SOCK) + pb_register(0, 0, 1, R) + pb_poke(0)
          + pb_edge(0) + pb_settle(1))
    write("poll_backend", "tcp",
          pb_register(0, 4, 1, RWP) + pb_edge(0) + pb_poke(4, 1000)
          + pb_edge(0) + pb_read(4, 10) + pb_edge(0) + pb_read(4) + pb_read(4)
          + pb_write(4, 1024) + pb_edge(0) + pb_drain(4) + pb_poke(4, 1)
          + pb_edge(0) + pb_shutdown(4, 0, 1) + pb_edge(0) + pb_settle(0)
          + pb_close_peer(4) + pb_edge(0) + pb_settle(0))
    write("poll_backend", "empty", [])


if __name__ == "__main__":
    registry_seeds()
    interest_event_seeds()
    poll_backend_seeds()
