/* AFD poll event bits (internal): what IOCTL_AFD_POLL reports per socket, and
 * so also the flags of a Windows mio_event (mio src/sys/windows/afd.rs). */
#ifndef MIO_SYS_IOCP_AFD_EVENTS_H_
#define MIO_SYS_IOCP_AFD_EVENTS_H_

#define MIO_AFD_POLL_RECEIVE 0x0001u
#define MIO_AFD_POLL_RECEIVE_EXPEDITED 0x0002u
#define MIO_AFD_POLL_SEND 0x0004u
#define MIO_AFD_POLL_DISCONNECT 0x0008u
#define MIO_AFD_POLL_ABORT 0x0010u
#define MIO_AFD_POLL_LOCAL_CLOSE 0x0020u
/* Reported on every poll of a connected socket, not once: never requested
 * (wepoll 8b7b340). */
#define MIO_AFD_POLL_CONNECT 0x0040u
#define MIO_AFD_POLL_ACCEPT 0x0080u
#define MIO_AFD_POLL_CONNECT_FAIL 0x0100u

#endif /* MIO_SYS_IOCP_AFD_EVENTS_H_ */
