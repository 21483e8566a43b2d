// Windows halves of test_util.h: handle counts and raw Winsock sockets.
// winsock2.h must come before windows.h.
#include <winsock2.h>

#include <windows.h>
#include <winternl.h>
#include <ws2tcpip.h>

#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

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

namespace {

// SystemExtendedHandleInformation (64) rows, as documented by the NT
// headers mingw lacks.
struct HandleEntry {
  PVOID object;
  ULONG_PTR pid;
  ULONG_PTR handle;
  ULONG access;
  USHORT creator_back_trace_index;
  USHORT object_type_index;
  ULONG attributes;
  ULONG reserved;
};
struct HandleTable {
  ULONG_PTR count;
  ULONG_PTR reserved;
  HandleEntry entries[1];
};

// True for the handle types mio itself creates: File (sockets, AFD
// handles) and IoCompletion (ports). Threads, events, keys and the like come
// and go inside the runtime and Wine (worker threads, per-thread caches) and
// would make the check flaky without saying anything about mio. Cached per
// type index.
bool IsCountedType(HANDLE h, USHORT type_index) {
  static std::map<USHORT, bool> cache;
  auto it = cache.find(type_index);
  if (it != cache.end()) return it->second;
  alignas(8) char buf[512];
  ULONG len = 0;
  if (NtQueryObject(h, ObjectTypeInformation, buf, sizeof buf, &len) != 0) {
    return false;  // closed meanwhile; decide on the next sighting
  }
  const auto* info =
      reinterpret_cast<const PUBLIC_OBJECT_TYPE_INFORMATION*>(buf);
  std::wstring name(info->TypeName.Buffer,
                    info->TypeName.Length / sizeof(wchar_t));
  bool counted = name == L"File" || name == L"IoCompletion";
  cache[type_index] = counted;
  return counted;
}

}  // namespace

// This process's File and IoCompletion handles in the system handle table.
// Not GetProcessHandleCount: it returns 0 under Wine 8, which would make the
// leak check pass vacuously.
int CountOpenFds() {
  static std::vector<char> buf(1 << 20);
  for (;;) {
    ULONG need = 0;
    NTSTATUS st = NtQuerySystemInformation(
        static_cast<SYSTEM_INFORMATION_CLASS>(64), buf.data(),
        static_cast<ULONG>(buf.size()), &need);
    if (st == static_cast<NTSTATUS>(0xC0000004L)) {  // INFO_LENGTH_MISMATCH
      buf.resize(buf.size() * 2);
      continue;
    }
    if (st != 0) return -1;
    break;
  }
  const auto* table = reinterpret_cast<const HandleTable*>(buf.data());
  const ULONG_PTR me = GetCurrentProcessId();
  int n = 0;
  for (ULONG_PTR i = 0; i < table->count; i++) {
    const HandleEntry& e = table->entries[i];
    if (e.pid == me && IsCountedType(reinterpret_cast<HANDLE>(e.handle),
                                     e.object_type_index)) {
      n++;
    }
  }
  return n;
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

bool WaitReadable(mio_raw_fd fd, int timeout_ms) {
  WSAPOLLFD pfd = {static_cast<SOCKET>(fd), POLLRDNORM, 0};
  return WSAPoll(&pfd, 1, timeout_ms) == 1;
}

mio_raw_fd RawAccept(mio_raw_fd listener, bool nonblocking) {
  SOCKET l = static_cast<SOCKET>(listener);
  if (!WaitReadable(listener, 5000)) return Fail(INVALID_SOCKET, "poll");
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

void WarmUpLazyHandles() {
  std::thread([] {}).join();
  SockAddr addr;
  mio_raw_fd l = RawTcpListener(LoopbackV4(), &addr, /*nonblocking=*/false);
  mio_raw_fd c = RawTcpConnect(addr, /*nonblocking=*/false);
  mio_raw_fd a = RawAccept(l, /*nonblocking=*/false);
  for (mio_raw_fd fd : {a, c, l}) {
    if (fd != MIO_INVALID_RAW_FD) RawClose(fd);
  }
  mio_poll* poll = nullptr;
  mio_events* events = nullptr;
  mio_waker* waker = nullptr;
  if (mio_poll_new(&poll) == 0 && mio_events_new(&events, 4) == 0 &&
      mio_waker_new(mio_poll_registry(poll), 0, &waker) == 0) {
    mio_waker_wake(waker);
    mio_poll_poll(poll, events, 0);
  }
  mio_waker_free(waker);
  mio_events_free(events);
  mio_poll_free(poll);
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
