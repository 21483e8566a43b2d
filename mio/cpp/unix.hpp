// mio-c C++ wrapper: UnixSocketAddr, UnixListener, UnixStream, UnixDatagram
// (mio::net::Unix*), POSIX only.
//
// Same shape as net.hpp: move-only owners of the C value objects; errors
// and threading as the C function named in the Status (mio/net/unix_*.h).
// Paths are NUL-terminated C strings; abstract (Linux) and other encoded
// addresses go through UnixSocketAddr.
#ifndef MIO_CPP_UNIX_HPP_
#define MIO_CPP_UNIX_HPP_

#include <sys/socket.h>
#include <sys/un.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "mio/cpp/handle.hpp"
#include "mio/cpp/net.hpp"
#include "mio/cpp/status.hpp"
#include "mio/net/addr.h"
#include "mio/net/unix_datagram.h"
#include "mio/net/unix_listener.h"
#include "mio/net/unix_stream.h"

MIO_CPP_VALUE_OPS(unix_listener, mio_unix_listener_try_io);
MIO_CPP_VALUE_OPS(unix_stream, mio_unix_stream_try_io);
MIO_CPP_VALUE_OPS(unix_datagram, mio_unix_datagram_try_io);

namespace mio {

// A Unix-domain address (std::os::unix::net::SocketAddr).
class UnixSocketAddr {
 public:
  // The unnamed address.
  UnixSocketAddr() = default;

  // A filesystem path ("" is the unnamed address). MIO_EINVAL when too long.
  static absl::StatusOr<UnixSocketAddr> from_pathname(const char* path) {
    UnixSocketAddr a;
    const int r = mio_unix_addr_from_pathname(&a.sun_, &a.len_, path);
    return internal::CheckValue(r, a, "mio_unix_addr_from_pathname");
  }
  // A Linux abstract name (MIO_ENOTSUP elsewhere).
  static absl::StatusOr<UnixSocketAddr> from_abstract_name(
      absl::string_view name) {
    UnixSocketAddr a;
    const int r = mio_unix_addr_from_abstract_name(&a.sun_, &a.len_,
                                                   name.data(), name.size());
    return internal::CheckValue(r, a, "mio_unix_addr_from_abstract_name");
  }

  mio_unix_addr_kind kind() const { return mio_unix_addr_kind_of(&sun_, len_); }
  bool is_unnamed() const { return kind() == MIO_UNIX_ADDR_UNNAMED; }
  // The path without its NUL; empty unless kind() is PATHNAME.
  absl::string_view pathname() const {
    const char* p = nullptr;
    const size_t n = mio_unix_addr_pathname(&sun_, len_, &p);
    return n == 0 ? absl::string_view() : absl::string_view(p, n);
  }
  // The abstract name's bytes; empty unless kind() is ABSTRACT.
  absl::string_view abstract_name() const {
    const char* p = nullptr;
    const size_t n = mio_unix_addr_abstract_name(&sun_, len_, &p);
    return n == 0 ? absl::string_view() : absl::string_view(p, n);
  }

  const struct sockaddr_un* get() const { return &sun_; }
  socklen_t len() const { return len_; }
  struct sockaddr_un* storage() {
    return &sun_;
  }
  socklen_t* len_ptr() { return &len_; }

 private:
  struct sockaddr_un sun_ {};
  socklen_t len_ = 0;
};

class UnixStream : public internal::Handle<mio_unix_stream> {
 public:
  // A non-blocking connect to the listener at `path` (see TcpStream).
  static absl::StatusOr<UnixStream> connect(const char* path) {
    return internal::Construct<UnixStream>(mio_unix_stream_connect,
                                           "mio_unix_stream_connect", path);
  }
  static absl::StatusOr<UnixStream> connect_addr(const UnixSocketAddr& addr) {
    return internal::Construct<UnixStream>(mio_unix_stream_connect_addr,
                                           "mio_unix_stream_connect_addr",
                                           addr.get(), addr.len());
  }
  // A connected pair (socketpair).
  static absl::StatusOr<std::pair<UnixStream, UnixStream>> pair() {
    std::pair<UnixStream, UnixStream> p;
    const int r = mio_unix_stream_pair(p.first.raw(), p.second.raw());
    if (r != 0) return ErrorStatus(r, "mio_unix_stream_pair");
    return p;
  }
  static absl::StatusOr<UnixStream> from_raw_fd(RawFd fd) {
    return internal::Construct<UnixStream>(mio_unix_stream_from_raw_fd,
                                           "mio_unix_stream_from_raw_fd", fd);
  }

  absl::StatusOr<UnixSocketAddr> local_addr() const {
    return internal::GetAddr<UnixSocketAddr>(mio_unix_stream_local_addr, raw(),
                                             "mio_unix_stream_local_addr");
  }
  absl::StatusOr<UnixSocketAddr> peer_addr() const {
    return internal::GetAddr<UnixSocketAddr>(mio_unix_stream_peer_addr, raw(),
                                             "mio_unix_stream_peer_addr");
  }
  absl::Status shutdown(Shutdown how) const {
    return internal::Check(
        mio_unix_stream_shutdown(raw(), static_cast<mio_shutdown>(how)),
        "mio_unix_stream_shutdown");
  }
  absl::Status take_error() const {
    return internal::TakeError(mio_unix_stream_take_error, raw(),
                               "mio_unix_stream_take_error");
  }

  absl::StatusOr<size_t> read(void* buf, size_t len) const {
    return internal::CheckSize(mio_unix_stream_read(raw(), buf, len),
                               "mio_unix_stream_read");
  }
  absl::StatusOr<size_t> readv(absl::Span<const mio_iovec> iov) const {
    return internal::CheckSize(
        mio_unix_stream_readv(raw(), iov.data(), internal::IovCount(iov)),
        "mio_unix_stream_readv");
  }
  absl::StatusOr<size_t> write(const void* buf, size_t len) const {
    return internal::CheckSize(mio_unix_stream_write(raw(), buf, len),
                               "mio_unix_stream_write");
  }
  absl::StatusOr<size_t> write(absl::string_view data) const {
    return write(data.data(), data.size());
  }
  absl::StatusOr<size_t> writev(absl::Span<const mio_iovec> iov) const {
    return internal::CheckSize(
        mio_unix_stream_writev(raw(), iov.data(), internal::IovCount(iov)),
        "mio_unix_stream_writev");
  }
};

class UnixListener : public internal::Handle<mio_unix_listener> {
 public:
  // Binds and listens at `path` (the file must not exist: MIO_EADDRINUSE).
  static absl::StatusOr<UnixListener> bind(const char* path) {
    return internal::Construct<UnixListener>(mio_unix_listener_bind,
                                             "mio_unix_listener_bind", path);
  }
  static absl::StatusOr<UnixListener> bind_addr(const UnixSocketAddr& addr) {
    return internal::Construct<UnixListener>(mio_unix_listener_bind_addr,
                                             "mio_unix_listener_bind_addr",
                                             addr.get(), addr.len());
  }
  static absl::StatusOr<UnixListener> from_raw_fd(RawFd fd) {
    return internal::Construct<UnixListener>(
        mio_unix_listener_from_raw_fd, "mio_unix_listener_from_raw_fd", fd);
  }

  // One queued connection; would-block when nothing is queued.
  absl::StatusOr<UnixStream> accept(UnixSocketAddr* peer = nullptr) const {
    UnixStream s;
    const int r = mio_unix_listener_accept(
        raw(), s.raw(), peer != nullptr ? peer->storage() : nullptr,
        peer != nullptr ? peer->len_ptr() : nullptr);
    if (r != 0) return ErrorStatus(r, "mio_unix_listener_accept");
    return s;
  }
  absl::StatusOr<UnixSocketAddr> local_addr() const {
    return internal::GetAddr<UnixSocketAddr>(
        mio_unix_listener_local_addr, raw(), "mio_unix_listener_local_addr");
  }
  absl::Status take_error() const {
    return internal::TakeError(mio_unix_listener_take_error, raw(),
                               "mio_unix_listener_take_error");
  }
};

class UnixDatagram : public internal::Handle<mio_unix_datagram> {
 public:
  static absl::StatusOr<UnixDatagram> bind(const char* path) {
    return internal::Construct<UnixDatagram>(mio_unix_datagram_bind,
                                             "mio_unix_datagram_bind", path);
  }
  static absl::StatusOr<UnixDatagram> bind_addr(const UnixSocketAddr& addr) {
    return internal::Construct<UnixDatagram>(mio_unix_datagram_bind_addr,
                                             "mio_unix_datagram_bind_addr",
                                             addr.get(), addr.len());
  }
  // A socket bound to no address.
  static absl::StatusOr<UnixDatagram> unbound() {
    return internal::Construct<UnixDatagram>(mio_unix_datagram_unbound,
                                             "mio_unix_datagram_unbound");
  }
  static absl::StatusOr<std::pair<UnixDatagram, UnixDatagram>> pair() {
    std::pair<UnixDatagram, UnixDatagram> p;
    const int r = mio_unix_datagram_pair(p.first.raw(), p.second.raw());
    if (r != 0) return ErrorStatus(r, "mio_unix_datagram_pair");
    return p;
  }
  static absl::StatusOr<UnixDatagram> from_raw_fd(RawFd fd) {
    return internal::Construct<UnixDatagram>(
        mio_unix_datagram_from_raw_fd, "mio_unix_datagram_from_raw_fd", fd);
  }

  absl::Status connect(const char* path) const {
    return internal::Check(mio_unix_datagram_connect(raw(), path),
                           "mio_unix_datagram_connect");
  }
  absl::StatusOr<UnixSocketAddr> local_addr() const {
    return internal::GetAddr<UnixSocketAddr>(
        mio_unix_datagram_local_addr, raw(), "mio_unix_datagram_local_addr");
  }
  absl::StatusOr<UnixSocketAddr> peer_addr() const {
    return internal::GetAddr<UnixSocketAddr>(mio_unix_datagram_peer_addr, raw(),
                                             "mio_unix_datagram_peer_addr");
  }
  absl::Status shutdown(Shutdown how) const {
    return internal::Check(
        mio_unix_datagram_shutdown(raw(), static_cast<mio_shutdown>(how)),
        "mio_unix_datagram_shutdown");
  }
  absl::Status take_error() const {
    return internal::TakeError(mio_unix_datagram_take_error, raw(),
                               "mio_unix_datagram_take_error");
  }

  absl::StatusOr<size_t> send(const void* buf, size_t len) const {
    return internal::CheckSize(mio_unix_datagram_send(raw(), buf, len),
                               "mio_unix_datagram_send");
  }
  absl::StatusOr<size_t> send_to(const void* buf, size_t len,
                                 const char* path) const {
    return internal::CheckSize(mio_unix_datagram_send_to(raw(), buf, len, path),
                               "mio_unix_datagram_send_to");
  }
  absl::StatusOr<size_t> recv(void* buf, size_t len) const {
    return internal::CheckSize(mio_unix_datagram_recv(raw(), buf, len),
                               "mio_unix_datagram_recv");
  }
  absl::StatusOr<size_t> recv_from(void* buf, size_t len,
                                   UnixSocketAddr* from = nullptr) const {
    return internal::CheckSize(
        mio_unix_datagram_recv_from(
            raw(), buf, len, from != nullptr ? from->storage() : nullptr,
            from != nullptr ? from->len_ptr() : nullptr),
        "mio_unix_datagram_recv_from");
  }
};

}  // namespace mio

#endif  // MIO_CPP_UNIX_HPP_
