// Windows halves of test_util.h: handle counts and raw Winsock sockets.
// winsock2.h must come before windows.h.
#include <winsock2.h>

#include <windows.h>
#include <ws2tcpip.h>

#include <cstring>

#include "gtest/gtest.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

// Winsock must be started before the first raw call; mio starts it lazily
// for its own sockets, tests may create raw ones first.
void StartWinsock() {
  static const bool started = [] {
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }();
  (void)started;
}

bool GetName(SOCKET s, SockAddr* out) {
  if (out == nullptr) return true;
  std::memset(out, 0, sizeof *out);
  int len = sizeof out->storage;
  bool ok = getsockname(s, out->get(), &len) == 0;
  out->len = len;
  return ok;
}

mio_raw_fd Fail(SOCKET s, const char* what) {
  ADD_FAILURE() << what << ": WSA error " << WSAGetLastError();
  if (s != INVALID_SOCKET) closesocket(s);
  return MIO_INVALID_RAW_FD;
}

SOCKET NewSocket(int family, int type, bool nonblocking) {
  StartWinsock();
  SOCKET s = WSASocketW(family, type, 0, nullptr, 0,
                        WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s != INVALID_SOCKET && nonblocking) {
    SetNonBlocking(s, true);
  }
  return s;
}

}  // namespace

bool SetNonBlocking(mio_raw_fd fd, bool on) {
  u_long v = on ? 1 : 0;
  return ioctlsocket(static_cast<SOCKET>(fd), FIONBIO, &v) == 0;
}

bool IsCloexec(mio_raw_fd fd) {
  DWORD flags = 0;
  return GetHandleInformation(reinterpret_cast<HANDLE>(fd), &flags) &&
         (flags & HANDLE_FLAG_INHERIT) == 0;
}

bool IsNonBlocking(mio_raw_fd fd) {
  SOCKET s = static_cast<SOCKET>(fd);
  WSAPOLLFD pfd = {s, POLLRDNORM, 0};
  if (WSAPoll(&pfd, 1, 0) != 0) return false;  // readable: cannot tell
  BOOL listening = FALSE;
  int len = sizeof listening;
  getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, reinterpret_cast<char*>(&listening),
             &len);
  if (listening) {  // nothing queued: accept blocks unless non-blocking
    SOCKET c = accept(s, nullptr, nullptr);
    if (c != INVALID_SOCKET) closesocket(c);
    return c == INVALID_SOCKET && WSAGetLastError() == WSAEWOULDBLOCK;
  }
  char c;
  if (recv(s, &c, 1, MSG_PEEK) != SOCKET_ERROR) return false;
  return WSAGetLastError() == WSAEWOULDBLOCK;
}

int CountOpenFds() {
  DWORD n = 0;
  return GetProcessHandleCount(GetCurrentProcess(), &n) ? static_cast<int>(n)
                                                        : -1;
}

mio_raw_fd RawTcpListener(const SockAddr& addr, SockAddr* bound,
                          bool nonblocking) {
  SOCKET s = NewSocket(addr.family(), SOCK_STREAM, nonblocking);
  if (s == INVALID_SOCKET) return Fail(s, "socket");
  if (bind(s, addr.get(), addr.len) != 0) return Fail(s, "bind");
  if (listen(s, 128) != 0) return Fail(s, "listen");
  if (!GetName(s, bound)) return Fail(s, "getsockname");
  return s;
}

mio_raw_fd RawTcpConnect(const SockAddr& addr, bool nonblocking) {
  SOCKET s = NewSocket(addr.family(), SOCK_STREAM, nonblocking);
  if (s == INVALID_SOCKET) return Fail(s, "socket");
  if (connect(s, addr.get(), addr.len) != 0 &&
      WSAGetLastError() != WSAEWOULDBLOCK) {
    return Fail(s, "connect");
  }
  return s;
}

mio_raw_fd RawAccept(mio_raw_fd listener, bool nonblocking) {
  SOCKET l = static_cast<SOCKET>(listener);
  WSAPOLLFD pfd = {l, POLLRDNORM, 0};
  if (WSAPoll(&pfd, 1, 5000) != 1) return Fail(INVALID_SOCKET, "poll");
  SOCKET s = accept(l, nullptr, nullptr);
  if (s == INVALID_SOCKET) return Fail(s, "accept");
  SetNonBlocking(s, nonblocking);
  return s;
}

mio_raw_fd RawUdpSocket(const SockAddr& addr, SockAddr* bound,
                        bool nonblocking) {
  SOCKET s = NewSocket(addr.family(), SOCK_DGRAM, nonblocking);
  if (s == INVALID_SOCKET) return Fail(s, "socket");
  if (bind(s, addr.get(), addr.len) != 0) return Fail(s, "bind");
  if (!GetName(s, bound)) return Fail(s, "getsockname");
  return s;
}

int RawClose(mio_raw_fd fd) {
  return closesocket(static_cast<SOCKET>(fd)) == 0 ? 0 : -1;
}

bool RunningUnderWine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr &&
         GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

int RawShutdownWrite(mio_raw_fd fd) {
  return shutdown(static_cast<SOCKET>(fd), SD_SEND) == 0 ? 0 : -1;
}

ptrdiff_t RawRecv(mio_raw_fd fd, void* buf, size_t len) {
  int n = recv(static_cast<SOCKET>(fd), static_cast<char*>(buf),
               static_cast<int>(len), 0);
  return n == SOCKET_ERROR ? mio_last_error() : n;
}

ptrdiff_t RawSend(mio_raw_fd fd, const void* buf, size_t len) {
  int n = send(static_cast<SOCKET>(fd), static_cast<const char*>(buf),
               static_cast<int>(len), 0);
  return n == SOCKET_ERROR ? mio_last_error() : n;
}

ptrdiff_t RawAcceptNow(mio_raw_fd listener) {
  SOCKET s = accept(static_cast<SOCKET>(listener), nullptr, nullptr);
  if (s == INVALID_SOCKET) return mio_last_error();
  return static_cast<ptrdiff_t>(s);
}

}  // namespace mio_test
