#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script for mio-c.
#
# Uses only what the OSS-Fuzz base-builder environment provides: $CC, $CXX,
# $CFLAGS, $CXXFLAGS (sanitizer and coverage flags included), $LIB_FUZZING_ENGINE
# (libFuzzer, AFL++'s driver, ...), $SRC and $OUT. Plain compiler calls, no
# Bazel: the Linux sources of the library (core, epoll, poll(2), io_uring, net)
# are compiled once into a static archive, each fuzz target is linked against
# it, and next to every target go its seed corpus (<target>_seed_corpus.zip),
# dictionary (<target>.dict) and options (<target>.options).
#
# The checkout is $SRC/mio-c (the Dockerfile copies it there).
# Temporary objects go to $WORK when set (OSS-Fuzz sets it), else a temp dir.

# $CFLAGS, $CXXFLAGS and $LIB_FUZZING_ENGINE are word lists, split on purpose.
# shellcheck disable=SC2086
src="$SRC/mio-c"
work="${WORK:-$(mktemp -d)}/mio-build"
rm -rf "$work"
mkdir -p "$work/obj" "$OUT"

# The Linux library as //mio/net + //mio/core with the epoll default backend,
# the eventfd waker, and the poll(2) and io_uring tables for mio_poll_new_with_ops.
lib_sources=(
  mio/core/error.c mio/core/events.c mio/core/interest.c mio/core/io_source.c
  mio/core/poll.c mio/core/raw_fd.c mio/core/waker.c
  mio/net/addr.c mio/net/addr_unix.c mio/net/tcp_listener.c
  mio/net/tcp_stream.c mio/net/udp_socket.c mio/net/unix_common.c
  mio/net/unix_datagram.c mio/net/unix_listener.c mio/net/unix_stream.c
  mio/sys/epoll/epoll.c mio/sys/epoll/default.c mio/sys/io_uring/io_uring.c
  mio/sys/poll/poll.c mio/sys/linux/event.c mio/sys/net_common.c
  mio/sys/pipe.c mio/sys/source_fd.c mio/sys/unix/fd_flags.c
  mio/sys/unix/net.c mio/sys/unix/os.c mio/sys/unix/sock_linux.c
  mio/sys/unix/waker_eventfd.c
)
includes=(-I "$src")

objs=()
for f in "${lib_sources[@]}"; do
  o="$work/obj/$(echo "$f" | tr / _).o"
  $CC $CFLAGS -std=c11 -D_GNU_SOURCE "${includes[@]}" -c "$src/$f" -o "$o"
  objs+=("$o")
done
ar rcs "$work/libmio.a" "${objs[@]}"

# Fuzzing support linked into every target (only the registry_ops targets use
# it): the in-memory selector and the shared registry operation model.
$CC $CFLAGS -std=c11 -D_GNU_SOURCE "${includes[@]}" \
  -c "$src/fuzz/fake_selector.c" -o "$work/obj/fake_selector.o"
$CXX $CXXFLAGS -std=c++17 "${includes[@]}" \
  -c "$src/fuzz/registry_ops_model.cc" -o "$work/obj/registry_ops_model.o"
ar rcs "$work/libmio_fuzz.a" "$work/obj/fake_selector.o" \
  "$work/obj/registry_ops_model.o"

# name: fuzz/<name>_fuzzer.cc -> $OUT/<name>
targets=(addr interest_event poll_backend registry_ops registry_ops_kernel)
for t in "${targets[@]}"; do
  $CXX $CXXFLAGS -std=c++17 "${includes[@]}" -c "$src/fuzz/${t}_fuzzer.cc" \
    -o "$work/obj/${t}_fuzzer.o"
  $CXX $CXXFLAGS "$work/obj/${t}_fuzzer.o" "$work/libmio_fuzz.a" "$work/libmio.a" \
    $LIB_FUZZING_ENGINE -pthread -o "$OUT/$t"
  rm -f "$OUT/${t}_seed_corpus.zip"
  (cd "$src/fuzz/corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
  cp "$src/fuzz/dict/$t.dict" "$OUT/$t.dict"
  cp "$src/fuzz/options/$t.options" "$OUT/$t.options"
done
