/* An in-memory selector for the fuzzers (fuzz/ only): two `mio_sys_ops`
 * tables that keep registrations in plain arrays and never make a system
 * call, so a fuzzer can drive the core's registry, io_source, token and waker
 * bookkeeping (mio/core) at memory speed through mio_poll_new_with_ops.
 *
 * Readiness is not measured but injected: the fuzzer states what a descriptor
 * number is ready for (mio_fuzz_fake_set_ready), as the kernel would see it.
 * Delivery follows the two contracts of mio/sys/selector.h:
 *  - mio_fuzz_fake_edge_ops (epoll-like): register/reregister report what is
 *    ready now; afterwards only new readiness (an edge) is reported, once,
 *    with the descriptor's readiness at delivery time; rearm_fd is NULL and
 *    release_on_close false, so closing a registered descriptor leaves the
 *    registration to the "kernel", which drops it when told
 *    (mio_fuzz_fake_fd_closed).
 *  - mio_fuzz_fake_level_ops (poll(2)-like): what is ready and armed is
 *    reported, and the reported bits are disarmed until rearm_fd or
 *    reregister; release_on_close true.
 * Both have a built-in waker (waker_init/wake/fini), reported before any
 * source. Errors are exactly selector.h's: -EEXIST to register a registered
 * descriptor, -ENOENT to reregister or deregister an unknown one.
 *
 * The core never needs those errors for the fuzzers' sources (it checks the
 * association first, API.md §7.5), so every one returned is also counted in
 * mio_fuzz_fake_refusals(): the fuzzer checks that count to catch the core
 * asking the selector for something inconsistent with its own bookkeeping.
 *
 * Not thread-safe: single-threaded fuzzers only. */
#ifndef MIO_FUZZ_FAKE_SELECTOR_H_
#define MIO_FUZZ_FAKE_SELECTOR_H_

#include <stdint.h>

#include "mio/sys/selector.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Descriptor numbers the fake knows readiness for: [0, this). Registering a
 * number outside is -EBADF. */
#define MIO_FUZZ_FAKE_MAX_FD 256
/* Registrations per selector; one more is -ENOMEM. */
#define MIO_FUZZ_FAKE_MAX_REGS 16

extern const mio_sys_ops mio_fuzz_fake_edge_ops;
extern const mio_sys_ops mio_fuzz_fake_level_ops;

/* Sets the readiness of `fd` (EPOLL* bits) to `bits`. Bits that become set
 * are an edge for every edge-triggered registration of `fd`. */
void mio_fuzz_fake_set_ready(int fd, uint32_t bits);
uint32_t mio_fuzz_fake_ready(int fd);

/* `fd` was closed: its readiness is cleared and every registration of it is
 * dropped, as the kernel drops an epoll registration of a closed file. */
void mio_fuzz_fake_fd_closed(int fd);

/* Selectors created and not yet destroyed. */
int mio_fuzz_fake_live_selectors(void);
/* Registrations of `fd` over every live selector. */
int mio_fuzz_fake_registrations(int fd);
/* Registrations over every live selector. */
int mio_fuzz_fake_total_registrations(void);
/* -EEXIST / -ENOENT / -EBADF / -ENOMEM answers since the process started. */
long mio_fuzz_fake_refusals(void);

#ifdef __cplusplus
}
#endif

#endif /* MIO_FUZZ_FAKE_SELECTOR_H_ */
