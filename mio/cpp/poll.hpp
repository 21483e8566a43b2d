// mio-c C++ wrapper: Poll, Registry (a view), RegistryClone and Waker.
//
// Semantics, errors and threading are those of the C functions named in each
// comment (mio/core/poll.h, registry.h, waker.h); this file only adds RAII
// and absl::Status. A moved-from Poll/RegistryClone/Waker holds nothing and
// its destructor does nothing.
#ifndef MIO_CPP_POLL_HPP_
#define MIO_CPP_POLL_HPP_

#include <cstdint>
#include <limits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "mio/core/platform.h"
#include "mio/core/poll.h"
#include "mio/core/registry.h"
#include "mio/core/waker.h"
#include "mio/cpp/events.hpp"
#include "mio/cpp/handle.hpp"
#include "mio/cpp/interest.hpp"
#include "mio/cpp/status.hpp"

namespace mio {

class RegistryClone;

namespace internal {

// The registrable source of a Registry argument: a raw `mio_source*` as is,
// anything else through its `source()` member.
inline mio_source* SourceOf(mio_source* s) { return s; }
template <typename S>
mio_source* SourceOf(S& s) {
  return s.source();
}

}  // namespace internal

// A non-owning view of a Poll's registry (or of a RegistryClone). Copyable;
// valid while the Poll / clone it came from lives.
//
// register_/reregister/deregister accept any object with a
// `mio_source* source()` member (every socket/pipe type of this wrapper,
// IoSource, SourceFd, your own types; temporaries too) or a raw
// `mio_source*` (custom C sources).
class Registry {
 public:
  explicit Registry(const mio_registry* r) : r_(r) {}

  // mio_registry_register: MIO_EINVAL, MIO_EBADF (closed), MIO_EEXIST, ...
  template <typename S>
  absl::Status register_(S&& src, Token token, Interest interest) const {
    return internal::Check(mio_registry_register(r_, internal::SourceOf(src),
                                                 token.value, interest.bits()),
                           "mio_registry_register");
  }

  // mio_registry_reregister: as register_, plus MIO_ENOENT.
  template <typename S>
  absl::Status reregister(S&& src, Token token, Interest interest) const {
    return internal::Check(
        mio_registry_reregister(r_, internal::SourceOf(src), token.value,
                                interest.bits()),
        "mio_registry_reregister");
  }

  // mio_registry_deregister: MIO_EBADF, MIO_ENOENT, MIO_EEXIST, ...
  template <typename S>
  absl::Status deregister(S&& src) const {
    return internal::Check(mio_registry_deregister(r_, internal::SourceOf(src)),
                           "mio_registry_deregister");
  }

  // mio_registry_try_clone: an owned handle usable from any thread.
  inline absl::StatusOr<RegistryClone> try_clone() const;

  // The selector descriptor; MIO_ENOTSUP on the poll(2) backend.
  absl::StatusOr<int> as_raw_fd() const {
    const int fd = mio_registry_as_raw_fd(r_);
    if (fd < 0) return ErrorStatus(fd, "mio_registry_as_raw_fd");
    return fd;
  }

  const mio_registry* raw() const { return r_; }

 private:
  const mio_registry* r_;
};

// An owned registry clone (mio_registry_try_clone / mio_registry_free).
class RegistryClone {
 public:
  Registry registry() const { return Registry(r_.get()); }

 private:
  friend class Registry;
  explicit RegistryClone(mio_registry* r) : r_(r) {}

  internal::Owned<mio_registry, mio_registry_free> r_;
};

inline absl::StatusOr<RegistryClone> Registry::try_clone() const {
  mio_registry* out = nullptr;
  const int r = mio_registry_try_clone(r_, &out);
  if (r != 0) return ErrorStatus(r, "mio_registry_try_clone");
  return RegistryClone(out);
}

namespace internal {

// absl::Duration -> mio_poll_poll's timeout_ns: InfiniteDuration() waits
// forever; zero or negative (already elapsed) does not block; otherwise
// rounded up to whole nanoseconds and saturated at INT64_MAX.
inline int64_t TimeoutNs(absl::Duration d) {
  if (d == absl::InfiniteDuration()) return MIO_TIMEOUT_INFINITE;
  if (d <= absl::ZeroDuration()) return 0;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (d >= absl::Nanoseconds(kMax)) return kMax;
  return absl::ToInt64Nanoseconds(absl::Ceil(d, absl::Nanoseconds(1)));
}

}  // namespace internal

class Poll {
 public:
  // mio_poll_new: MIO_ENOMEM, OS codes (MIO_EMFILE, ...).
  static absl::StatusOr<Poll> create() {
    mio_poll* p = nullptr;
    const int r = mio_poll_new(&p);
    if (r != 0) return ErrorStatus(r, "mio_poll_new");
    return Poll(p);
  }

  // mio_poll_poll: clears `events`, then waits up to `timeout` (see
  // internal::TimeoutNs) for at least one event. OK on timeout with `events`
  // empty. Errors: MIO_EINTR (a signal; not retried), OS codes.
  absl::Status poll(Events& events,
                    absl::Duration timeout = absl::InfiniteDuration()) {
    return internal::Check(
        mio_poll_poll(p_.get(), events.raw(), internal::TimeoutNs(timeout)),
        "mio_poll_poll");
  }

  Registry registry() const { return Registry(mio_poll_registry(p_.get())); }

  mio_backend backend() const { return mio_poll_backend(p_.get()); }
  const char* backend_name() const { return mio_backend_name(backend()); }
  // mio_poll_short_io_ends_drain: a short read/write on a stream socket
  // ends the drain on this Poll (epoll, io_uring; not poll(2), IOCP).
  bool short_io_ends_drain() const {
    return mio_poll_short_io_ends_drain(p_.get());
  }

  // The selector descriptor; MIO_ENOTSUP on the poll(2) backend.
  absl::StatusOr<int> as_raw_fd() const {
    const int fd = mio_poll_as_raw_fd(p_.get());
    if (fd < 0) return ErrorStatus(fd, "mio_poll_as_raw_fd");
    return fd;
  }

  mio_poll* raw() const { return p_.get(); }

 private:
  explicit Poll(mio_poll* p) : p_(p) {}

  internal::Owned<mio_poll, mio_poll_free> p_;
};

// Wakes a Poll from any thread (mio_waker_*); at most one per Poll.
class Waker {
 public:
  // mio_waker_new: MIO_EEXIST (the Poll already has a waker), MIO_ENOMEM,
  // OS codes.
  static absl::StatusOr<Waker> create(const Registry& registry, Token token) {
    mio_waker* w = nullptr;
    const int r = mio_waker_new(registry.raw(), token.value, &w);
    if (r != 0) return ErrorStatus(r, "mio_waker_new");
    return Waker(w);
  }

  // mio_waker_wake: thread-safe, not async-signal-safe. MIO_EINVAL after a
  // move, OS codes.
  absl::Status wake() const {
    return internal::Check(mio_waker_wake(w_.get()), "mio_waker_wake");
  }

  mio_waker* raw() const { return w_.get(); }

 private:
  explicit Waker(mio_waker* w) : w_(w) {}

  internal::Owned<mio_waker, mio_waker_free> w_;
};

}  // namespace mio

#endif  // MIO_CPP_POLL_HPP_
