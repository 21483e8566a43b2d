/* Win32 / WSA / NTSTATUS -> mio codes: exactly the table of API.md §2.1. */
#include "mio/sys/windows/error_map.h"

/* winsock2.h must come before windows.h. */
#include <winsock2.h>

#include <windows.h>
#include <winternl.h>

#include "mio/core/error.h"

/* One row per mapped code; Win32 and WSA codes share one number space. */
static const struct {
  unsigned long code;
  int mio;
} error_map__table[] = {
    {WSAEWOULDBLOCK, MIO_EAGAIN},
    {WSAEINTR, MIO_EINTR},
    {WSAEINVAL, MIO_EINVAL},
    {ERROR_INVALID_PARAMETER, MIO_EINVAL},
    {WSAECONNRESET, MIO_ECONNRESET},
    {ERROR_NETNAME_DELETED, MIO_ECONNRESET},
    {WSAECONNABORTED, MIO_ECONNABORTED},
    {WSAESHUTDOWN, MIO_EPIPE},
    {ERROR_BROKEN_PIPE, MIO_EPIPE},
    {ERROR_NO_DATA, MIO_EPIPE},
    {WSAENOTCONN, MIO_ENOTCONN},
    {WSAEISCONN, MIO_EISCONN},
    {WSAECONNREFUSED, MIO_ECONNREFUSED},
    {WSAEADDRINUSE, MIO_EADDRINUSE},
    {WSAEADDRNOTAVAIL, MIO_EADDRNOTAVAIL},
    {WSAEAFNOSUPPORT, MIO_EAFNOSUPPORT},
    {WSAEMSGSIZE, MIO_EMSGSIZE},
    {WSAEINPROGRESS, MIO_EINPROGRESS},
    {WSAEALREADY, MIO_EALREADY},
    {WSAETIMEDOUT, MIO_ETIMEDOUT},
    {WSAENOBUFS, MIO_ENOBUFS},
    {WSAENOTSOCK, MIO_ENOTSOCK},
    {WSAEHOSTUNREACH, MIO_EHOSTUNREACH},
    {WSAENETUNREACH, MIO_ENETUNREACH},
    {WSAEACCES, MIO_EACCES},
    {ERROR_ACCESS_DENIED, MIO_EACCES},
    {WSAEMFILE, MIO_EMFILE},
    {ERROR_NOT_FOUND, MIO_ENOENT},
    {ERROR_FILE_NOT_FOUND, MIO_ENOENT},
    {ERROR_ALREADY_EXISTS, MIO_EEXIST},
    {ERROR_NOT_ENOUGH_MEMORY, MIO_ENOMEM},
    {ERROR_OUTOFMEMORY, MIO_ENOMEM},
    {ERROR_OPERATION_ABORTED, MIO_ECANCELED},
    {ERROR_INVALID_HANDLE, MIO_EBADF},
    {ERROR_NOT_SUPPORTED, MIO_ENOTSUP},
};

int mio_sys_win_error(unsigned long code) {
  if (code == 0) return 0;
  for (size_t i = 0; i < sizeof error_map__table / sizeof error_map__table[0];
       i++) {
    if (error_map__table[i].code == code) return -error_map__table[i].mio;
  }
  return -(int)(MIO_EWIN32_BASE + code);
}

int mio_sys_nt_error(long status) {
  return mio_sys_win_error(RtlNtStatusToDosError((NTSTATUS)status));
}

int mio_sys_wsa_last_error(void) {
  return mio_sys_win_error((unsigned long)WSAGetLastError());
}
