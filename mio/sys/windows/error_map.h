/* Win32 / WSA / NTSTATUS codes as mio codes (internal; API.md §2.1). */
#ifndef MIO_SYS_WINDOWS_ERROR_MAP_H_
#define MIO_SYS_WINDOWS_ERROR_MAP_H_

#include <stdint.h>

/* -MIO_Exxx for a Win32 or WSA error code; an unmapped code c gives
 * -(MIO_EWIN32_BASE + c). 0 stays 0. Pure, thread-safe. */
int mio_sys_win_error(unsigned long code);

/* The same for an NTSTATUS, through RtlNtStatusToDosError. */
int mio_sys_nt_error(long status);

/* mio_sys_win_error(WSAGetLastError()): for Winsock calls. */
int mio_sys_wsa_last_error(void);

#endif /* MIO_SYS_WINDOWS_ERROR_MAP_H_ */
