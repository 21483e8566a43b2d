// mio-c C++ wrapper: Pipe, PipeSender, PipeReceiver (mio::unix::pipe),
// SourceFd and IoSource, POSIX only.
//
// Semantics as mio/sys/pipe.h, mio/sys/source_fd.h and mio/core/source.h.
// Writing to a pipe whose receiver is gone raises SIGPIPE unless the process
// ignores it (the library never changes signal dispositions).
#ifndef MIO_CPP_PIPE_HPP_
#define MIO_CPP_PIPE_HPP_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "mio/core/source.h"
#include "mio/cpp/handle.hpp"
#include "mio/cpp/net.hpp"
#include "mio/cpp/status.hpp"
#include "mio/sys/pipe.h"
#include "mio/sys/source_fd.h"

MIO_CPP_VALUE_OPS(pipe_sender, mio_pipe_sender_try_io);
MIO_CPP_VALUE_OPS(pipe_receiver, mio_pipe_receiver_try_io);
MIO_CPP_VALUE_OPS(io_source, mio_io_source_do_io);

namespace mio {

// The write end. Register it WRITABLE.
class PipeSender : public internal::Handle<mio_pipe_sender> {
 public:
  // Adopts a pipe's write end (make it non-blocking: set_nonblocking).
  static absl::StatusOr<PipeSender> from_raw_fd(RawFd fd) {
    return internal::Construct<PipeSender>(mio_pipe_sender_from_raw_fd,
                                           "mio_pipe_sender_from_raw_fd", fd);
  }
  absl::Status set_nonblocking(bool on) const {
    return internal::Check(mio_pipe_sender_set_nonblocking(raw(), on),
                           "mio_pipe_sender_set_nonblocking");
  }
  absl::StatusOr<size_t> write(const void* buf, size_t len) const {
    return internal::CheckSize(mio_pipe_sender_write(raw(), buf, len),
                               "mio_pipe_sender_write");
  }
  absl::StatusOr<size_t> write(absl::string_view data) const {
    return write(data.data(), data.size());
  }
  absl::StatusOr<size_t> writev(absl::Span<const mio_iovec> iov) const {
    return internal::CheckSize(
        mio_pipe_sender_writev(raw(), iov.data(), internal::IovCount(iov)),
        "mio_pipe_sender_writev");
  }
};

// The read end. Register it READABLE; read() returns 0 once every sender is
// closed and the pipe is drained.
class PipeReceiver : public internal::Handle<mio_pipe_receiver> {
 public:
  static absl::StatusOr<PipeReceiver> from_raw_fd(RawFd fd) {
    return internal::Construct<PipeReceiver>(
        mio_pipe_receiver_from_raw_fd, "mio_pipe_receiver_from_raw_fd", fd);
  }
  absl::Status set_nonblocking(bool on) const {
    return internal::Check(mio_pipe_receiver_set_nonblocking(raw(), on),
                           "mio_pipe_receiver_set_nonblocking");
  }
  absl::StatusOr<size_t> read(void* buf, size_t len) const {
    return internal::CheckSize(mio_pipe_receiver_read(raw(), buf, len),
                               "mio_pipe_receiver_read");
  }
  absl::StatusOr<size_t> readv(absl::Span<const mio_iovec> iov) const {
    return internal::CheckSize(
        mio_pipe_receiver_readv(raw(), iov.data(), internal::IovCount(iov)),
        "mio_pipe_receiver_readv");
  }
};

// A new non-blocking, close-on-exec pipe (mio::unix::pipe::new).
struct Pipe {
  static absl::StatusOr<Pipe> create() {
    Pipe p;
    const int r = mio_pipe_new(p.sender.raw(), p.receiver.raw());
    if (r != 0) return ErrorStatus(r, "mio_pipe_new");
    return p;
  }

  PipeSender sender;
  PipeReceiver receiver;
};

// Owns any descriptor and makes it registrable (mio::IoSource); do-I/O with
// try_io (mio_io_source_do_io). Make the descriptor non-blocking yourself.
class IoSource : public internal::Handle<mio_io_source> {
 public:
  // Takes ownership of `fd`. MIO_EBADF for fd < 0.
  static absl::StatusOr<IoSource> adopt(RawFd fd) {
    return internal::Construct<IoSource>(mio_io_source_init,
                                         "mio_io_source_init", fd);
  }
};

// Registers a descriptor the caller owns and drives (mio::unix::SourceFd).
// A copyable view: it never closes the descriptor and keeps no state;
// source() rebuilds the C object on every call, as mio_source_fd wants.
//
//   registry.register_(mio::SourceFd(fd), token, mio::Interest::kReadable);
class SourceFd {
 public:
  explicit SourceFd(int fd) : fd_(fd) {}

  int fd() const { return fd_; }
  mio_source* source() { return mio_source_fd_init(&sfd_, fd_); }

 private:
  int fd_;
  mio_source_fd sfd_{};
};

}  // namespace mio

#endif  // MIO_CPP_PIPE_HPP_
