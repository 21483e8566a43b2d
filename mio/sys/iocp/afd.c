/* AFD device access (see afd.h). Behaviour of wepoll's afd.c and mio's
 * afd.rs; the NT calls come from ntdll (-lntdll). */
#include "mio/sys/iocp/afd.h"

#include <mswsock.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mio/core/error.h"
#include "mio/sys/windows/error_map.h"

#define AFD__IOCTL_POLL 0x00012024
/* NTSTATUS values (ntstatus.h clashes with windows.h). */
#define AFD__STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define AFD__STATUS_PENDING ((NTSTATUS)0x00000103L)
#define AFD__STATUS_CANCELLED ((NTSTATUS)0xC0000120L)
#define AFD__STATUS_NOT_FOUND ((NTSTATUS)0xC0000225L)
#define AFD__FILE_OPEN 0x00000001

/* Exported by ntdll but absent from mingw's winternl.h. */
NTSTATUS NTAPI NtCancelIoFileEx(HANDLE file, PIO_STATUS_BLOCK request,
                                PIO_STATUS_BLOCK status);

int mio_afd_open(HANDLE port, HANDLE *out) {
  /* Any name under \Device\Afd opens a new endpoint-less AFD handle. */
  static WCHAR name[] = L"\\Device\\Afd\\Mio";
  UNICODE_STRING uname = {(USHORT)(sizeof name - sizeof(WCHAR)),
                          (USHORT)sizeof name, name};
  OBJECT_ATTRIBUTES attrs;
  memset(&attrs, 0, sizeof attrs);
  attrs.Length = sizeof attrs;
  attrs.ObjectName = &uname;
  IO_STATUS_BLOCK iosb;
  HANDLE afd = NULL;
  NTSTATUS st = NtCreateFile(&afd, SYNCHRONIZE, &attrs, &iosb, NULL, 0,
                             FILE_SHARE_READ | FILE_SHARE_WRITE, AFD__FILE_OPEN,
                             0, NULL, 0);
  if (st != AFD__STATUS_SUCCESS) return mio_sys_nt_error(st);
  /* Completions go to the port; the handle's own event is never waited on,
   * so skip signalling it. */
  if (CreateIoCompletionPort(afd, port, 0, 0) == NULL ||
      !SetFileCompletionNotificationModes(afd, FILE_SKIP_SET_EVENT_ON_HANDLE)) {
    int rc = mio_sys_win_error(GetLastError());
    CloseHandle(afd);
    return rc;
  }
  *out = afd;
  return 0;
}

int mio_afd_poll(HANDLE afd, mio_afd_poll_info *info, IO_STATUS_BLOCK *iosb,
                 void *context) {
  iosb->Status = AFD__STATUS_PENDING;
  NTSTATUS st =
      NtDeviceIoControlFile(afd, NULL, NULL, context, iosb, AFD__IOCTL_POLL,
                            info, sizeof *info, info, sizeof *info);
  if (st == AFD__STATUS_SUCCESS || st == AFD__STATUS_PENDING) return 0;
  return mio_sys_nt_error(st);
}

int mio_afd_cancel(HANDLE afd, IO_STATUS_BLOCK *iosb) {
  /* Already completed: its completion packet is queued; nothing to cancel. */
  if (iosb->Status != AFD__STATUS_PENDING) return 0;
  IO_STATUS_BLOCK cancel_iosb;
  NTSTATUS st = NtCancelIoFileEx(afd, iosb, &cancel_iosb);
  /* NOT_FOUND: it completed between the check and the call. */
  if (st == AFD__STATUS_SUCCESS || st == AFD__STATUS_NOT_FOUND) return 0;
  return mio_sys_nt_error(st);
}

bool mio_afd_was_cancelled(const IO_STATUS_BLOCK *iosb) {
  return iosb->Status == AFD__STATUS_CANCELLED;
}

bool mio_afd_succeeded(const IO_STATUS_BLOCK *iosb) {
  return iosb->Status == AFD__STATUS_SUCCESS;
}

/* One WSAIoctl returning a SOCKET. */
static int afd__socket_ioctl(SOCKET s, DWORD code, SOCKET *out) {
  SOCKET base = INVALID_SOCKET;
  DWORD bytes = 0;
  if (WSAIoctl(s, code, NULL, 0, &base, sizeof base, &bytes, NULL, NULL) ==
      SOCKET_ERROR) {
    return mio_sys_wsa_last_error();
  }
  *out = base;
  return 0;
}

int mio_afd_base_socket(SOCKET s, SOCKET *out) {
  int rc = afd__socket_ioctl(s, SIO_BASE_HANDLE, out);
  /* Some layered providers refuse SIO_BASE_HANDLE but answer the poll
   * variant with the same base socket (wepoll). */
  if (rc != 0 && afd__socket_ioctl(s, SIO_BSP_HANDLE_POLL, out) == 0) return 0;
  return rc;
}
