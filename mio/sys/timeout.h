/* Timeout conversion shared by the backends (internal).
 *
 * The core hands a backend nanoseconds (-1 infinite, 0 non-blocking); a
 * millisecond API must round UP (API.md §4: a wait is never shorter than
 * asked, so a 1.5 ms poll is one 2 ms wait, not a 1 ms one and a spin) and
 * clamp to its largest finite wait (the core waits again for the rest). */
#ifndef MIO_SYS_TIMEOUT_H_
#define MIO_SYS_TIMEOUT_H_

#include <stdint.h>

/* timeout_ns in whole milliseconds, rounded up and clamped to max_ms (> 0);
 * -1 for a negative (infinite) timeout. */
static inline int64_t mio_sys_timeout_ms(int64_t timeout_ns, int64_t max_ms) {
  if (timeout_ns < 0) return -1;
  int64_t ms = timeout_ns / 1000000 + (timeout_ns % 1000000 != 0);
  return ms > max_ms ? max_ms : ms;
}

#endif /* MIO_SYS_TIMEOUT_H_ */
