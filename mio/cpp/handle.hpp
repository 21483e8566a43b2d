// mio-c C++ wrapper internals: the two ownership shapes of the C API.
//
//  - internal::Owned<T, Free>: a heap object (mio_poll, mio_events,
//    mio_waker, mio_registry clone) held by pointer; moving transfers the
//    pointer, the destructor calls Free (a no-op for nullptr).
//  - internal::Handle<T>: a value object (mio_tcp_stream, mio_pipe_sender,
//    ...) stored inline (64 bytes). All-bits-zero is its closed state, so a
//    default-constructed or moved-from Handle is closed, and closing twice is
//    a no-op.
//
// Moving a Handle relocates the C object (a copy of its bytes, then the
// source is zeroed). API.md §2.3 allows relocation of unregistered objects
// everywhere; relocating a *registered* one is safe on every backend this
// library has (epoll, poll(2), io_uring: the selector keys registrations by
// descriptor and the object's bytes carry the rest), which the C++ tests
// check. A future IOCP backend, whose kernel requests point into the object,
// would need a move that deregisters first.
//
// Neither type has virtual functions or allocates.
#ifndef MIO_CPP_HANDLE_HPP_
#define MIO_CPP_HANDLE_HPP_

#include <cstddef>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mio/core/platform.h"
#include "mio/core/source.h"
#include "mio/cpp/status.hpp"

namespace mio {

using RawFd = mio_raw_fd;

namespace internal {

template <typename T, void (*Free)(T*)>
class Owned {
 public:
  explicit Owned(T* p = nullptr) : p_(p) {}
  Owned(Owned&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Owned& operator=(Owned&& o) noexcept {
    if (this != &o) {
      Free(p_);
      p_ = std::exchange(o.p_, nullptr);
    }
    return *this;
  }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned() { Free(p_); }

  T* get() const { return p_; }

 private:
  T* p_;
};

// The C functions every value object type has, by type: close, as_raw_fd,
// into_raw_fd, source, and the do-I/O hook (try_io; do_io for
// mio_io_source). Specialized by MIO_CPP_VALUE_OPS in net.hpp / unix.hpp.
template <typename T>
struct ValueOps;

// Calls a C++ callable through the C `mio_io_fn` + context pair.
template <typename F>
ptrdiff_t CallIoFn(void* ctx) {
  return (*static_cast<std::remove_reference_t<F>*>(ctx))();
}

template <typename T>
class Handle {
  using Ops = ValueOps<T>;

 public:
  Handle() = default;
  Handle(Handle&& o) noexcept : raw_(o.raw_) { o.raw_ = T{}; }
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      Ops::close(&raw_);
      raw_ = o.raw_;
      o.raw_ = T{};
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  // Closing a registered object also ends its registration (API.md §7.6).
  ~Handle() { Ops::close(&raw_); }

  // Closes now; OK when already closed. The error is close(2)'s
  // (informational: the descriptor is released either way).
  absl::Status close() { return Check(Ops::close(&raw_), Ops::kCloseName); }

  bool is_open() const { return as_raw_fd() != MIO_INVALID_RAW_FD; }
  // The descriptor (still owned); MIO_INVALID_RAW_FD when closed.
  RawFd as_raw_fd() const { return Ops::as_raw_fd(&raw_); }
  // Gives up ownership: the descriptor, this object closed.
  RawFd into_raw_fd() { return Ops::into_raw_fd(&raw_); }

  // The registrable source (for Registry); valid until this object moves.
  mio_source* source() { return Ops::source(&raw_); }

  // Runs `f` (returning >= 0 or a negative mio code, would-block as
  // -MIO_EAGAIN; see mio_last_error) with re-arming after would-block, for
  // I/O the wrapper does not cover. MIO_EBADF when closed.
  template <typename F>
  absl::StatusOr<size_t> try_io(F&& f) const {
    void* ctx = const_cast<void*>(static_cast<const void*>(&f));
    return CheckSize(Ops::try_io(&raw_, &CallIoFn<F>, ctx), Ops::kTryIoName);
  }

  T* raw() { return &raw_; }
  const T* raw() const { return &raw_; }

 private:
  T raw_{};
};

// Runs the C constructor `fn(out, args...)` into a new (closed) D: the
// constructed object, or the Status for `fn`'s code, named `op`.
template <typename D, typename Fn, typename... A>
absl::StatusOr<D> Construct(Fn fn, const char* op, A... args) {
  D d;
  const int r = fn(d.raw(), args...);
  if (r != 0) return ErrorStatus(r, op);
  return d;
}

// A C getter `fn(obj, &value)` as StatusOr<V>.
template <typename V, typename Fn, typename O>
absl::StatusOr<V> Get(Fn fn, const O* obj, const char* op) {
  V v{};
  const int r = fn(obj, &v);  // before `v` is copied into CheckValue
  return CheckValue(r, v, op);
}

// A C address getter `fn(obj, &storage, &len)` as StatusOr<A> (A is
// SocketAddr or UnixSocketAddr).
template <typename A, typename Fn, typename O>
absl::StatusOr<A> GetAddr(Fn fn, const O* obj, const char* op) {
  A a;
  const int r = fn(obj, a.storage(), a.len_ptr());
  return CheckValue(r, a, op);
}

// take_error as one Status: the query's failure, else the pending error
// (OK when none).
template <typename Fn, typename O>
absl::Status TakeError(Fn fn, const O* obj, const char* op) {
  int pending = 0;
  const int r = fn(obj, &pending);
  return PendingError(r, pending, op);
}

}  // namespace internal
}  // namespace mio

// Specializes ValueOps<mio_##prefix> (must be used at global scope).
#define MIO_CPP_VALUE_OPS(prefix, try_io_fn)                                \
  template <>                                                               \
  struct mio::internal::ValueOps<mio_##prefix> {                            \
    static constexpr const char* kCloseName = "mio_" #prefix "_close";      \
    static constexpr const char* kTryIoName = #try_io_fn;                   \
    static int close(mio_##prefix* o) { return mio_##prefix##_close(o); }   \
    static RawFd as_raw_fd(const mio_##prefix* o) {                         \
      return mio_##prefix##_as_raw_fd(o);                                   \
    }                                                                       \
    static RawFd into_raw_fd(mio_##prefix* o) {                             \
      return mio_##prefix##_into_raw_fd(o);                                 \
    }                                                                       \
    static mio_source* source(mio_##prefix* o) {                            \
      return mio_##prefix##_source(o);                                      \
    }                                                                       \
    static ptrdiff_t try_io(const mio_##prefix* o, mio_io_fn fn, void* c) { \
      return try_io_fn(o, fn, c);                                           \
    }                                                                       \
  }

#endif  // MIO_CPP_HANDLE_HPP_
