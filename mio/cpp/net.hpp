// mio-c C++ wrapper: SocketAddr, TcpListener, TcpStream, UdpSocket
// (mio::net).
//
// Each socket is a move-only owner of the C value object (see handle.hpp:
// moved-from and default-constructed objects are closed; the destructor
// closes). Errors and threading are those of the C function named in the
// Status message (mio/net/*.h); I/O returns the byte count.
#ifndef MIO_CPP_NET_HPP_
#define MIO_CPP_NET_HPP_

#include <netinet/in.h>
#include <sys/socket.h>

#include <climits>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "mio/cpp/handle.hpp"
#include "mio/cpp/status.hpp"
#include "mio/net/addr.h"
#include "mio/net/tcp_listener.h"
#include "mio/net/tcp_stream.h"
#include "mio/net/udp_socket.h"

MIO_CPP_VALUE_OPS(tcp_listener, mio_tcp_listener_try_io);
MIO_CPP_VALUE_OPS(tcp_stream, mio_tcp_stream_try_io);
MIO_CPP_VALUE_OPS(udp_socket, mio_udp_socket_try_io);

namespace mio {

// Which halves of a connection to shut down (std::net::Shutdown).
enum class Shutdown {
  kRead = MIO_SHUTDOWN_READ,
  kWrite = MIO_SHUTDOWN_WRITE,
  kBoth = MIO_SHUTDOWN_BOTH,
};

namespace internal {

// An iovec array's length as the C functions' `int iovcnt`; larger spans
// are clamped (the C side clamps to IOV_MAX anyway).
inline int IovCount(absl::Span<const mio_iovec> iov) {
  return iov.size() > static_cast<size_t>(INT_MAX)
             ? INT_MAX
             : static_cast<int>(iov.size());
}

}  // namespace internal

// An IPv4 or IPv6 socket address (std::net::SocketAddr) in sockaddr form.
class SocketAddr {
 public:
  // The empty address (family AF_UNSPEC, length 0).
  SocketAddr() = default;

  // Rust's SocketAddr::from_str ("127.0.0.1:80", "[::1]:80").
  // Errors: MIO_EINVAL.
  static absl::StatusOr<SocketAddr> parse(absl::string_view text) {
    char buf[128];  // longer than any valid address text
    SocketAddr a;
    if (text.size() >= sizeof buf) {
      return ErrorStatus(-MIO_EINVAL, "mio_addr_parse");
    }
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    const int r = mio_addr_parse(buf, &a.ss_, &a.len_);
    if (r != 0) return ErrorStatus(r, "mio_addr_parse");
    return a;
  }

  // A copy of `len` bytes of `a` (truncated to sockaddr_storage).
  static SocketAddr from_raw(const struct sockaddr* a, socklen_t len) {
    SocketAddr out;
    out.len_ = len < sizeof out.ss_ ? len : sizeof out.ss_;
    std::memcpy(&out.ss_, a, out.len_);
    return out;
  }

  // 127.0.0.1:port / [::1]:port.
  static SocketAddr loopback_v4(uint16_t port) {
    SocketAddr out;
    auto* in = reinterpret_cast<struct sockaddr_in*>(&out.ss_);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    out.len_ = sizeof *in;
    return out;
  }
  static SocketAddr loopback_v6(uint16_t port) {
    SocketAddr out;
    auto* in6 = reinterpret_cast<struct sockaddr_in6*>(&out.ss_);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    in6->sin6_addr = in6addr_loopback;
    out.len_ = sizeof *in6;
    return out;
  }

  int family() const { return ss_.ss_family; }
  bool is_ipv4() const { return family() == AF_INET; }
  bool is_ipv6() const { return family() == AF_INET6; }
  // The port in host order; 0 for the empty address.
  uint16_t port() const {
    if (is_ipv4()) {
      return ntohs(reinterpret_cast<const struct sockaddr_in*>(&ss_)->sin_port);
    }
    if (is_ipv6()) {
      return ntohs(
          reinterpret_cast<const struct sockaddr_in6*>(&ss_)->sin6_port);
    }
    return 0;
  }

  // Rust's Display: "127.0.0.1:80", "[::1]:80"; "" for the empty address.
  std::string ToString() const {
    char buf[128];
    const size_t n = mio_addr_format(get(), len_, buf, sizeof buf);
    return std::string(buf, n < sizeof buf ? n : sizeof buf - 1);
  }

  const struct sockaddr* get() const {
    return reinterpret_cast<const struct sockaddr*>(&ss_);
  }
  socklen_t len() const { return len_; }
  // Out-parameters for C calls that fill an address.
  struct sockaddr_storage* storage() {
    return &ss_;
  }
  socklen_t* len_ptr() { return &len_; }

 private:
  struct sockaddr_storage ss_ {};
  socklen_t len_ = 0;
};

class TcpStream : public internal::Handle<mio_tcp_stream> {
 public:
  // mio_tcp_stream_connect: starts a non-blocking connect. Register WRITABLE;
  // on the event check take_error(), then peer_addr() (MIO_ENOTCONN: not
  // yet).
  static absl::StatusOr<TcpStream> connect(const SocketAddr& addr) {
    return internal::Construct<TcpStream>(mio_tcp_stream_connect,
                                          "mio_tcp_stream_connect", addr.get(),
                                          addr.len());
  }
  // Adopts a connected, non-blocking socket. MIO_EBADF for fd < 0.
  static absl::StatusOr<TcpStream> from_raw_fd(RawFd fd) {
    return internal::Construct<TcpStream>(mio_tcp_stream_from_raw_fd,
                                          "mio_tcp_stream_from_raw_fd", fd);
  }

  absl::StatusOr<SocketAddr> peer_addr() const {
    return internal::GetAddr<SocketAddr>(mio_tcp_stream_peer_addr, raw(),
                                         "mio_tcp_stream_peer_addr");
  }
  absl::StatusOr<SocketAddr> local_addr() const {
    return internal::GetAddr<SocketAddr>(mio_tcp_stream_local_addr, raw(),
                                         "mio_tcp_stream_local_addr");
  }
  absl::Status shutdown(Shutdown how) const {
    return internal::Check(
        mio_tcp_stream_shutdown(raw(), static_cast<mio_shutdown>(how)),
        "mio_tcp_stream_shutdown");
  }
  absl::Status set_nodelay(bool on) const {
    return internal::Check(mio_tcp_stream_set_nodelay(raw(), on),
                           "mio_tcp_stream_set_nodelay");
  }
  absl::StatusOr<bool> nodelay() const {
    return internal::Get<bool>(mio_tcp_stream_nodelay, raw(),
                               "mio_tcp_stream_nodelay");
  }
  absl::Status set_ttl(uint32_t ttl) const {
    return internal::Check(mio_tcp_stream_set_ttl(raw(), ttl),
                           "mio_tcp_stream_set_ttl");
  }
  absl::StatusOr<uint32_t> ttl() const {
    return internal::Get<uint32_t>(mio_tcp_stream_ttl, raw(),
                                   "mio_tcp_stream_ttl");
  }
  // OK when no error is pending; else the pending (cleared) SO_ERROR, or the
  // query's own failure.
  absl::Status take_error() const {
    return internal::TakeError(mio_tcp_stream_take_error, raw(),
                               "mio_tcp_stream_take_error");
  }

  // 0 at EOF; would-block is IsWouldBlock().
  absl::StatusOr<size_t> read(void* buf, size_t len) const {
    return internal::CheckSize(mio_tcp_stream_read(raw(), buf, len),
                               "mio_tcp_stream_read");
  }
  absl::StatusOr<size_t> readv(absl::Span<const mio_iovec> iov) const {
    return internal::CheckSize(
        mio_tcp_stream_readv(raw(), iov.data(), internal::IovCount(iov)),
        "mio_tcp_stream_readv");
  }
  absl::StatusOr<size_t> peek(void* buf, size_t len) const {
    return internal::CheckSize(mio_tcp_stream_peek(raw(), buf, len),
                               "mio_tcp_stream_peek");
  }
  absl::StatusOr<size_t> write(const void* buf, size_t len) const {
    return internal::CheckSize(mio_tcp_stream_write(raw(), buf, len),
                               "mio_tcp_stream_write");
  }
  absl::StatusOr<size_t> write(absl::string_view data) const {
    return write(data.data(), data.size());
  }
  absl::StatusOr<size_t> writev(absl::Span<const mio_iovec> iov) const {
    return internal::CheckSize(
        mio_tcp_stream_writev(raw(), iov.data(), internal::IovCount(iov)),
        "mio_tcp_stream_writev");
  }
};

class TcpListener : public internal::Handle<mio_tcp_listener> {
 public:
  // mio_tcp_listener_bind: SO_REUSEADDR, bind, listen(128). Port 0 picks a
  // free port (local_addr). MIO_EADDRINUSE, MIO_EACCES, ...
  static absl::StatusOr<TcpListener> bind(const SocketAddr& addr) {
    return internal::Construct<TcpListener>(
        mio_tcp_listener_bind, "mio_tcp_listener_bind", addr.get(), addr.len());
  }
  // mio_tcp_listener_bind_with: listen backlog, SO_REUSEPORT, IPV6_V6ONLY
  // (all-zero options are bind's defaults). MIO_EINVAL for a bad option,
  // MIO_ENOTSUP for reuseport on Windows, and bind's codes.
  static absl::StatusOr<TcpListener> bind(const SocketAddr& addr,
                                          const mio_tcp_listen_options& opts) {
    return internal::Construct<TcpListener>(mio_tcp_listener_bind_with,
                                            "mio_tcp_listener_bind_with",
                                            addr.get(), addr.len(), &opts);
  }
  static absl::StatusOr<TcpListener> from_raw_fd(RawFd fd) {
    return internal::Construct<TcpListener>(mio_tcp_listener_from_raw_fd,
                                            "mio_tcp_listener_from_raw_fd", fd);
  }

  // One queued connection (unregistered, non-blocking); `peer` (optional)
  // receives its address. Would-block when nothing is queued.
  absl::StatusOr<TcpStream> accept(SocketAddr* peer = nullptr) const {
    TcpStream s;
    const int r = mio_tcp_listener_accept(
        raw(), s.raw(), peer != nullptr ? peer->storage() : nullptr,
        peer != nullptr ? peer->len_ptr() : nullptr);
    if (r != 0) return ErrorStatus(r, "mio_tcp_listener_accept");
    return s;
  }

  absl::StatusOr<SocketAddr> local_addr() const {
    return internal::GetAddr<SocketAddr>(mio_tcp_listener_local_addr, raw(),
                                         "mio_tcp_listener_local_addr");
  }
  absl::Status set_ttl(uint32_t ttl) const {
    return internal::Check(mio_tcp_listener_set_ttl(raw(), ttl),
                           "mio_tcp_listener_set_ttl");
  }
  absl::StatusOr<uint32_t> ttl() const {
    return internal::Get<uint32_t>(mio_tcp_listener_ttl, raw(),
                                   "mio_tcp_listener_ttl");
  }
  absl::Status take_error() const {
    return internal::TakeError(mio_tcp_listener_take_error, raw(),
                               "mio_tcp_listener_take_error");
  }
};

class UdpSocket : public internal::Handle<mio_udp_socket> {
 public:
  // mio_udp_socket_bind (port 0 picks a free port).
  static absl::StatusOr<UdpSocket> bind(const SocketAddr& addr) {
    return internal::Construct<UdpSocket>(
        mio_udp_socket_bind, "mio_udp_socket_bind", addr.get(), addr.len());
  }
  static absl::StatusOr<UdpSocket> from_raw_fd(RawFd fd) {
    return internal::Construct<UdpSocket>(mio_udp_socket_from_raw_fd,
                                          "mio_udp_socket_from_raw_fd", fd);
  }

  absl::StatusOr<SocketAddr> local_addr() const {
    return internal::GetAddr<SocketAddr>(mio_udp_socket_local_addr, raw(),
                                         "mio_udp_socket_local_addr");
  }
  absl::StatusOr<SocketAddr> peer_addr() const {
    return internal::GetAddr<SocketAddr>(mio_udp_socket_peer_addr, raw(),
                                         "mio_udp_socket_peer_addr");
  }
  // Default destination and only accepted source.
  absl::Status connect(const SocketAddr& addr) const {
    return internal::Check(
        mio_udp_socket_connect(raw(), addr.get(), addr.len()),
        "mio_udp_socket_connect");
  }

  absl::StatusOr<size_t> send_to(const void* buf, size_t len,
                                 const SocketAddr& to) const {
    return internal::CheckSize(
        mio_udp_socket_send_to(raw(), buf, len, to.get(), to.len()),
        "mio_udp_socket_send_to");
  }
  // One datagram (truncated to `len`); `from` (optional) gets the sender.
  absl::StatusOr<size_t> recv_from(void* buf, size_t len,
                                   SocketAddr* from = nullptr) const {
    return internal::CheckSize(
        mio_udp_socket_recv_from(raw(), buf, len,
                                 from != nullptr ? from->storage() : nullptr,
                                 from != nullptr ? from->len_ptr() : nullptr),
        "mio_udp_socket_recv_from");
  }
  absl::StatusOr<size_t> peek_from(void* buf, size_t len,
                                   SocketAddr* from = nullptr) const {
    return internal::CheckSize(
        mio_udp_socket_peek_from(raw(), buf, len,
                                 from != nullptr ? from->storage() : nullptr,
                                 from != nullptr ? from->len_ptr() : nullptr),
        "mio_udp_socket_peek_from");
  }
  // To the connected peer (MIO_EDESTADDRREQ when not connected).
  absl::StatusOr<size_t> send(const void* buf, size_t len) const {
    return internal::CheckSize(mio_udp_socket_send(raw(), buf, len),
                               "mio_udp_socket_send");
  }
  absl::StatusOr<size_t> recv(void* buf, size_t len) const {
    return internal::CheckSize(mio_udp_socket_recv(raw(), buf, len),
                               "mio_udp_socket_recv");
  }
  absl::StatusOr<size_t> peek(void* buf, size_t len) const {
    return internal::CheckSize(mio_udp_socket_peek(raw(), buf, len),
                               "mio_udp_socket_peek");
  }

  absl::Status set_broadcast(bool on) const {
    return internal::Check(mio_udp_socket_set_broadcast(raw(), on),
                           "mio_udp_socket_set_broadcast");
  }
  absl::StatusOr<bool> broadcast() const {
    return internal::Get<bool>(mio_udp_socket_broadcast, raw(),
                               "mio_udp_socket_broadcast");
  }
  absl::Status set_ttl(uint32_t ttl) const {
    return internal::Check(mio_udp_socket_set_ttl(raw(), ttl),
                           "mio_udp_socket_set_ttl");
  }
  absl::StatusOr<uint32_t> ttl() const {
    return internal::Get<uint32_t>(mio_udp_socket_ttl, raw(),
                                   "mio_udp_socket_ttl");
  }
  absl::StatusOr<bool> only_v6() const {
    return internal::Get<bool>(mio_udp_socket_only_v6, raw(),
                               "mio_udp_socket_only_v6");
  }
  // Multicast options and the rest: the C functions on raw().
  absl::Status take_error() const {
    return internal::TakeError(mio_udp_socket_take_error, raw(),
                               "mio_udp_socket_take_error");
  }
};

}  // namespace mio

#endif  // MIO_CPP_NET_HPP_
