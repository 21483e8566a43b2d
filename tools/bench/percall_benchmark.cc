// Per-call cost (issue 15): the user-space instructions of one hot mio-c
// call against the libc call it wraps, in the same process and conditions.
//
//   percall_benchmark [--calls K]
//
// Every measured operation is a pair of noinline functions,
// mio_bench_<op>_mio and mio_bench_<op>_libc, each making exactly ONE call
// (the mio-c function, or its libc counterpart). main() prepares the same
// state before each of the K calls of each function (data waiting, a
// connection pending, an event ready), outside the measured functions, and
// prints `op<TAB>calls` lines. tools/bench/run runs it under
//   valgrind --tool=callgrind --toggle-collect='mio_bench_*'
// and reads each function's inclusive instructions with callgrind_annotate:
// inclusive / K is the exact user-space cost of one call (the kernel's work
// is not counted, so the difference of a pair is mio-c's own overhead).
//
// Both sides succeed on every call and move the same bytes: reads and
// receives find 64 bytes waiting, writes and sends are 64 bytes the peer
// drains, accept finds one pending connection, and each poll finds exactly
// one ready (edge-triggered) event.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <initializer_list>

#include "mio/mio.h"
#include "mio/sys/source_fd.h"

namespace {

constexpr size_t kLen = 64;
char g_buf[kLen];
char g_sink[4096];

[[noreturn]] void Die(const char *what) {
  perror(what);
  exit(1);
}

void Check(bool ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "percall_benchmark: %s failed\n", what);
    exit(1);
  }
}

// A connected loopback TCP pair: `a` as a mio_tcp_stream, `peer` a raw fd.
struct TcpPair {
  mio_tcp_stream a = MIO_OBJECT_INIT;
  int a_fd = -1;
  int peer = -1;
};

int TcpListen(sockaddr_in *addr) {
  int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (l < 0) Die("socket");
  memset(addr, 0, sizeof *addr);
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof *addr;
  if (bind(l, reinterpret_cast<sockaddr *>(addr), len) != 0) Die("bind");
  if (listen(l, 16) != 0 ||
      getsockname(l, reinterpret_cast<sockaddr *>(addr), &len) != 0) {
    Die("listen");
  }
  return l;
}

int TcpConnect(const sockaddr_in &addr) {
  int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (c < 0) Die("socket");
  if (connect(c, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) != 0) {
    Die("connect");
  }
  return c;
}

TcpPair MakeTcpPair() {
  sockaddr_in addr;
  int l = TcpListen(&addr);
  TcpPair p;
  p.peer = TcpConnect(addr);
  int fd = accept4(l, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) Die("accept4");
  close(l);
  Check(mio_tcp_stream_from_raw_fd(&p.a, fd) == 0, "from_raw_fd");
  p.a_fd = fd;
  // Small writes must not wait for an ACK (Nagle): each Fill is readable at
  // once, as an echo server's messages are.
  int one = 1;
  Check(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0 &&
            setsockopt(p.peer, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0,
        "TCP_NODELAY");
  return p;
}

void Fill(int fd) { Check(write(fd, g_buf, kLen) == (ssize_t)kLen, "fill"); }
void Drain(int fd) {
  Check(read(fd, g_sink, sizeof g_sink) == (ssize_t)kLen, "drain");
}

}  // namespace

// The measured functions: one call each, nothing else. gcc's noipa also
// keeps identical functions apart (-fipa-icf would fold write_libc and
// send_libc into one symbol) and keeps LTO from cloning or renaming them.
#if defined(__GNUC__) && !defined(__clang__)
#define MIO_BENCH_MEASURED __attribute__((noipa))
#else
#define MIO_BENCH_MEASURED __attribute__((noinline))
#endif

extern "C" {
MIO_BENCH_MEASURED ptrdiff_t mio_bench_read_mio(const mio_tcp_stream *s) {
  return mio_tcp_stream_read(s, g_sink, sizeof g_sink);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_read_libc(int fd) {
  return read(fd, g_sink, sizeof g_sink);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_write_mio(const mio_tcp_stream *s) {
  return mio_tcp_stream_write(s, g_buf, kLen);
}
// mio-c's writes are send(MSG_NOSIGNAL): a closed peer must not raise SIGPIPE.
MIO_BENCH_MEASURED ptrdiff_t mio_bench_write_libc(int fd) {
  return send(fd, g_buf, kLen, MSG_NOSIGNAL);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_readv_mio(const mio_tcp_stream *s,
                                                 const mio_iovec *iov) {
  return mio_tcp_stream_readv(s, iov, 2);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_readv_libc(int fd, const iovec *iov) {
  return readv(fd, iov, 2);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_writev_mio(const mio_tcp_stream *s,
                                                  const mio_iovec *iov) {
  return mio_tcp_stream_writev(s, iov, 2);
}
// mio-c's socket writev is sendmsg(MSG_NOSIGNAL) for the same reason.
MIO_BENCH_MEASURED ptrdiff_t mio_bench_writev_libc(int fd, const iovec *iov) {
  msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = const_cast<iovec *>(iov);
  m.msg_iovlen = 2;
  return sendmsg(fd, &m, MSG_NOSIGNAL);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_recv_mio(const mio_udp_socket *u) {
  return mio_udp_socket_recv(u, g_sink, sizeof g_sink);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_recv_libc(int fd) {
  return recv(fd, g_sink, sizeof g_sink, 0);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_send_mio(const mio_udp_socket *u) {
  return mio_udp_socket_send(u, g_buf, kLen);
}
MIO_BENCH_MEASURED ptrdiff_t mio_bench_send_libc(int fd) {
  return send(fd, g_buf, kLen, MSG_NOSIGNAL);
}
MIO_BENCH_MEASURED int mio_bench_accept_mio(const mio_tcp_listener *l,
                                            mio_tcp_stream *out) {
  return mio_tcp_listener_accept(l, out, nullptr, nullptr);
}
MIO_BENCH_MEASURED int mio_bench_accept_libc(int fd) {
  return accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
MIO_BENCH_MEASURED int mio_bench_poll_finite_mio(mio_poll *p, mio_events *ev) {
  return mio_poll_poll(p, ev, 1000000000);  // 1 s, never reached
}
MIO_BENCH_MEASURED int mio_bench_poll_finite_libc(int ep, epoll_event *ev) {
  return epoll_wait(ep, ev, 64, 1000);
}
MIO_BENCH_MEASURED int mio_bench_poll_infinite_mio(mio_poll *p,
                                                   mio_events *ev) {
  return mio_poll_poll(p, ev, MIO_TIMEOUT_INFINITE);
}
MIO_BENCH_MEASURED int mio_bench_poll_infinite_libc(int ep, epoll_event *ev) {
  return epoll_wait(ep, ev, 64, -1);
}
}  // extern "C"

namespace {

void BenchReadWrite(long k) {
  TcpPair p = MakeTcpPair();
  for (long i = 0; i < k; i++) {
    Fill(p.peer);
    Check(mio_bench_read_mio(&p.a) == (ptrdiff_t)kLen, "mio read");
    Fill(p.peer);
    Check(mio_bench_read_libc(p.a_fd) == (ptrdiff_t)kLen, "read");
    Check(mio_bench_write_mio(&p.a) == (ptrdiff_t)kLen, "mio write");
    Drain(p.peer);
    Check(mio_bench_write_libc(p.a_fd) == (ptrdiff_t)kLen, "send");
    Drain(p.peer);
  }
  char half[2][kLen / 2];
  mio_iovec miov[2] = {{half[0], kLen / 2}, {half[1], kLen / 2}};
  iovec iov[2] = {{half[0], kLen / 2}, {half[1], kLen / 2}};
  for (long i = 0; i < k; i++) {
    Fill(p.peer);
    Check(mio_bench_readv_mio(&p.a, miov) == (ptrdiff_t)kLen, "mio readv");
    Fill(p.peer);
    Check(mio_bench_readv_libc(p.a_fd, iov) == (ptrdiff_t)kLen, "readv");
    Check(mio_bench_writev_mio(&p.a, miov) == (ptrdiff_t)kLen, "mio writev");
    Drain(p.peer);
    Check(mio_bench_writev_libc(p.a_fd, iov) == (ptrdiff_t)kLen, "sendmsg");
    Drain(p.peer);
  }
  mio_tcp_stream_close(&p.a);
  close(p.peer);
}

void BenchSendRecv(long k) {
  sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  mio_udp_socket u = MIO_OBJECT_INIT;
  Check(mio_udp_socket_bind(&u, reinterpret_cast<sockaddr *>(&addr),
                            sizeof addr) == 0,
        "udp bind");
  int peer = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  socklen_t len = sizeof addr;
  sockaddr_in uaddr, paddr;
  Check(bind(peer, reinterpret_cast<sockaddr *>(&addr), len) == 0, "bind");
  Check(getsockname(peer, reinterpret_cast<sockaddr *>(&paddr), &len) == 0,
        "getsockname");
  Check(mio_udp_socket_connect(&u, reinterpret_cast<sockaddr *>(&paddr),
                               sizeof paddr) == 0,
        "udp connect");
  struct sockaddr_storage ss;
  socklen_t sl = 0;
  Check(mio_udp_socket_local_addr(&u, &ss, &sl) == 0, "local_addr");
  memcpy(&uaddr, &ss, sizeof uaddr);
  Check(connect(peer, reinterpret_cast<sockaddr *>(&uaddr), sizeof uaddr) == 0,
        "connect");
  int ufd = mio_udp_socket_as_raw_fd(&u);
  for (long i = 0; i < k; i++) {
    Fill(peer);
    Check(mio_bench_recv_mio(&u) == (ptrdiff_t)kLen, "mio recv");
    Fill(peer);
    Check(mio_bench_recv_libc(ufd) == (ptrdiff_t)kLen, "recv");
    Check(mio_bench_send_mio(&u) == (ptrdiff_t)kLen, "mio send");
    Drain(peer);
    Check(mio_bench_send_libc(ufd) == (ptrdiff_t)kLen, "send");
    Drain(peer);
  }
  mio_udp_socket_close(&u);
  close(peer);
}

void BenchAccept(long k) {
  mio_tcp_listener l = MIO_OBJECT_INIT;
  sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Check(mio_tcp_listener_bind(&l, reinterpret_cast<sockaddr *>(&addr),
                              sizeof addr) == 0,
        "listener bind");
  struct sockaddr_storage ss;
  socklen_t sl = 0;
  Check(mio_tcp_listener_local_addr(&l, &ss, &sl) == 0, "local_addr");
  memcpy(&addr, &ss, sizeof addr);
  int lfd = mio_tcp_listener_as_raw_fd(&l);
  for (long i = 0; i < k; i++) {
    int c = TcpConnect(addr);
    mio_tcp_stream s = MIO_OBJECT_INIT;
    Check(mio_bench_accept_mio(&l, &s) == 0, "mio accept");
    mio_tcp_stream_close(&s);
    close(c);
    c = TcpConnect(addr);
    int fd = mio_bench_accept_libc(lfd);
    Check(fd >= 0, "accept4");
    close(fd);
    close(c);
  }
  mio_tcp_listener_close(&l);
}

void BenchPoll(long k) {
  int mio_pair[2], raw_pair[2];
  Check(socketpair(AF_UNIX, SOCK_STREAM, 0, mio_pair) == 0, "socketpair");
  Check(socketpair(AF_UNIX, SOCK_STREAM, 0, raw_pair) == 0, "socketpair");
  mio_poll *poll = nullptr;
  mio_events *events = nullptr;
  Check(mio_poll_new(&poll) == 0 && mio_events_new(&events, 64) == 0,
        "poll_new");
  Check(mio_poll_backend(poll) == MIO_BACKEND_EPOLL, "epoll backend");
  mio_source_fd sfd;
  mio_source *src = mio_source_fd_init(&sfd, mio_pair[0]);
  Check(mio_registry_register(mio_poll_registry(poll), src, 1,
                              MIO_INTEREST_READABLE) == 0,
        "register");
  int ep = epoll_create1(EPOLL_CLOEXEC);
  epoll_event e;
  e.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
  e.data.u64 = 1;
  Check(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, raw_pair[0], &e) == 0,
        "epoll_ctl");
  epoll_event raw_events[64];
  for (int finite = 1; finite >= 0; finite--) {
    for (long i = 0; i < k; i++) {
      Fill(mio_pair[1]);
      int rc = finite ? mio_bench_poll_finite_mio(poll, events)
                      : mio_bench_poll_infinite_mio(poll, events);
      Check(rc == 0 && mio_events_len(events) == 1, "mio_poll_poll");
      Drain(mio_pair[0]);
      Fill(raw_pair[1]);
      rc = finite ? mio_bench_poll_finite_libc(ep, raw_events)
                  : mio_bench_poll_infinite_libc(ep, raw_events);
      Check(rc == 1, "epoll_wait");
      Drain(raw_pair[0]);
    }
  }
  mio_registry_deregister(mio_poll_registry(poll), src);
  mio_events_free(events);
  mio_poll_free(poll);
  close(ep);
  for (int fd : {mio_pair[0], mio_pair[1], raw_pair[0], raw_pair[1]}) close(fd);
}

}  // namespace

int main(int argc, char **argv) {
  long k = 1000;
  if (argc == 3 && strcmp(argv[1], "--calls") == 0) k = atol(argv[2]);
  if (k <= 0) {
    fprintf(stderr, "usage: percall_benchmark [--calls K]\n");
    return 2;
  }
  BenchReadWrite(k);
  BenchSendRecv(k);
  BenchAccept(k);
  BenchPoll(k);
  printf("calls\t%ld\n", k);
  return 0;
}
