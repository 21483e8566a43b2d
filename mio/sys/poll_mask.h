/* Interest -> poll(2) event mask (internal), shared by every backend that
 * speaks poll bits: poll(2) itself, io_uring's IORING_OP_POLL_ADD, and epoll
 * (whose EPOLL* bits are the POLL* bits on Linux, asserted in
 * mio/sys/linux/event_repr.h). mio's interests_to_poll: readable is IN plus
 * RDHUP where the OS has it (MIO_SYS_POLLRDHUP, 0 elsewhere). */
#ifndef MIO_SYS_POLL_MASK_H_
#define MIO_SYS_POLL_MASK_H_

#include <poll.h>
#include <stdint.h>

#include "mio/core/interest.h"
#include "mio/sys/event_repr.h"

static inline uint32_t mio_sys_poll_mask(mio_interest interest) {
  uint32_t m = 0;
  if (interest & MIO_INTEREST_READABLE) m |= POLLIN | MIO_SYS_POLLRDHUP;
  if (interest & MIO_INTEREST_WRITABLE) m |= POLLOUT;
  if (interest & MIO_INTEREST_PRIORITY) m |= POLLPRI;
  return m;
}

#endif /* MIO_SYS_POLL_MASK_H_ */
