/* Windows side of mio/sys/os.h: closesocket, QueryPerformanceCounter, and
 * mio_last_error over WSAGetLastError / GetLastError. */
#include "mio/sys/os.h"

/* winsock2.h must come before windows.h. */
#include <winsock2.h>

#include <windows.h>

#include "mio/core/error.h"
#include "mio/sys/windows/error_map.h"

/* Built-in sources and mio_io_source hold SOCKETs only (API.md §7.3). */
int mio_sys_raw_close(mio_raw_fd fd) {
  return closesocket((SOCKET)fd) == 0 ? 0 : mio_sys_wsa_last_error();
}

int64_t mio_sys_monotonic_ns(void) {
  static LARGE_INTEGER freq; /* constant after boot; racing writers agree */
  if (freq.QuadPart == 0) QueryPerformanceFrequency(&freq);
  LARGE_INTEGER now;
  QueryPerformanceCounter(&now);
  /* Split to avoid overflowing counter * 1e9. */
  int64_t sec = now.QuadPart / freq.QuadPart;
  int64_t rem = now.QuadPart % freq.QuadPart;
  return sec * 1000000000 + rem * 1000000000 / freq.QuadPart;
}

/* Winsock sets WSAGetLastError, which is GetLastError on every Windows; one
 * read covers both. */
int mio_last_error(void) { return mio_sys_win_error(GetLastError()); }
