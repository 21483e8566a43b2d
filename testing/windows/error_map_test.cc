// API.md §2.1 on Windows: UCRT values for the MIO_E* constants, and every
// row of the Win32/WSA -> MIO_E* table, observed through mio_last_error().
// winsock2.h must come before windows.h.
#include <winsock2.h>

#include <windows.h>

#include "gtest/gtest.h"
#include "mio/mio.h"

namespace {

TEST(WindowsErrors, ConstantsHaveUcrtValues) {
  EXPECT_EQ(MIO_EAGAIN, 140);
  EXPECT_EQ(MIO_EWOULDBLOCK, 140);
  EXPECT_EQ(MIO_ECONNRESET, 108);
  EXPECT_EQ(MIO_EINVAL, 22);
  EXPECT_EQ(MIO_ENOTCONN, 126);
  EXPECT_EQ(MIO_EWIN32_BASE, 0x10000);
  EXPECT_STREQ(mio_strerror(-MIO_EAGAIN), "Resource temporarily unavailable");
  EXPECT_STREQ(mio_strerror(-MIO_ECONNRESET), "Connection reset by peer");
}

struct Row {
  DWORD code;
  int mio;
};

// The table of API.md §2.1, row by row.
constexpr Row kRows[] = {
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

TEST(WindowsErrors, LastErrorMapsEveryTableRow) {
  for (const Row& r : kRows) {
    SetLastError(r.code);
    EXPECT_EQ(mio_last_error(), -r.mio) << "Win32/WSA code " << r.code;
  }
}

TEST(WindowsErrors, WsaErrorsAreSeenToo) {
  WSASetLastError(WSAECONNREFUSED);
  EXPECT_EQ(mio_last_error(), -MIO_ECONNREFUSED);
}

TEST(WindowsErrors, UnmappedCodesAreOffsetByWin32Base) {
  SetLastError(ERROR_DISK_FULL);  // 112: no row
  EXPECT_EQ(mio_last_error(), -(MIO_EWIN32_BASE + ERROR_DISK_FULL));
  EXPECT_STREQ(mio_strerror(-(MIO_EWIN32_BASE + ERROR_DISK_FULL)),
               "Unknown error");
}

}  // namespace
