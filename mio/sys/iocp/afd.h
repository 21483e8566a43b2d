/* The AFD device: readiness polling of Winsock sockets without a thread per
 * socket (wepoll's technique, as mio src/sys/windows/afd.rs) (internal).
 *
 * A handle to \Device\Afd is associated with the completion port; an
 * IOCTL_AFD_POLL on it watches one socket's *base* handle and completes
 * (through the port) once any requested event fires, with the events in the
 * poll info. It fires at most once: the caller submits a new poll after each
 * completion. A poll cannot be modified, only cancelled. */
#ifndef MIO_SYS_IOCP_AFD_H_
#define MIO_SYS_IOCP_AFD_H_

/* winsock2.h must come before windows.h. */
#include <winsock2.h>

#include <stdbool.h>
#include <windows.h>
#include <winternl.h>

#include "mio/sys/iocp/afd_events.h"

/* IOCTL_AFD_POLL's in/out buffer, for one socket. */
typedef struct mio_afd_poll_info {
  LARGE_INTEGER timeout; /* INT64_MAX: no timeout */
  ULONG number_of_handles;
  ULONG exclusive;
  struct {
    HANDLE handle;
    ULONG events; /* MIO_AFD_POLL_*: requested in, fired out */
    NTSTATUS status;
  } handles[1];
} mio_afd_poll_info;

/* Opens a new AFD handle and associates it with `port` (completion key 0;
 * completions carry the poll's `context` as their OVERLAPPED pointer).
 * 0 or a mio code; *out is untouched on failure. */
int mio_afd_open(HANDLE port, HANDLE *out);

/* Starts a poll of info->handles[0] on `afd`. `iosb` and `info` must stay
 * valid until the completion is dequeued. Returns 0 whether the poll is
 * pending or already complete (a completion is queued either way), else the
 * mio code (-MIO_EBADF when the socket is gone). */
int mio_afd_poll(HANDLE afd, mio_afd_poll_info *info, IO_STATUS_BLOCK *iosb,
                 void *context);

/* Asks for a pending poll to complete early (with STATUS_CANCELLED). A poll
 * that already completed is left alone. 0 or a mio code. */
int mio_afd_cancel(HANDLE afd, IO_STATUS_BLOCK *iosb);

/* True when the completed poll of `iosb` was cancelled. */
bool mio_afd_was_cancelled(const IO_STATUS_BLOCK *iosb);
/* True when the completed poll of `iosb` succeeded. */
bool mio_afd_succeeded(const IO_STATUS_BLOCK *iosb);

/* The base service provider socket behind `s` (AFD polls must name it,
 * not a layered one). 0 or a mio code. */
int mio_afd_base_socket(SOCKET s, SOCKET *out);

#endif /* MIO_SYS_IOCP_AFD_H_ */
