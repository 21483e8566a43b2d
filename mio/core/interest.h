/* mio-c interests: the readiness kinds a registration asks for (mio::Interest).
 *
 * Register with a non-empty set of the MIO_INTEREST_* bits; AIO, LIO and
 * PRIORITY are only valid where their MIO_HAS_INTEREST_* macro is 1 (mio makes
 * the others a compile error; here mio_registry_register returns -MIO_EINVAL).
 * All functions here are pure and thread-safe. */
#ifndef MIO_CORE_INTEREST_H_
#define MIO_CORE_INTEREST_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mio/core/platform.h"

MIO_EXTERN_C_BEGIN

typedef uint8_t mio_interest;

/* The empty set: what mio_interest_remove returns for "None". Never valid for
 * registration. */
#define MIO_INTEREST_NONE ((mio_interest)0x00)
#define MIO_INTEREST_READABLE ((mio_interest)0x01)
#define MIO_INTEREST_WRITABLE ((mio_interest)0x02)
/* POSIX AIO completions (kqueue EVFILT_AIO). */
#define MIO_INTEREST_AIO ((mio_interest)0x04)
/* lio_listio completions (FreeBSD EVFILT_LIO). */
#define MIO_INTEREST_LIO ((mio_interest)0x08)
/* Out-of-band / priority data (EPOLLPRI, POLLPRI). */
#define MIO_INTEREST_PRIORITY ((mio_interest)0x10)
#define MIO_INTEREST_ALL ((mio_interest)0x1F)

#if defined(__DragonFly__) || defined(__FreeBSD__) || defined(__APPLE__)
#define MIO_HAS_INTEREST_AIO 1
#else
#define MIO_HAS_INTEREST_AIO 0
#endif
#if defined(__FreeBSD__)
#define MIO_HAS_INTEREST_LIO 1
#else
#define MIO_HAS_INTEREST_LIO 0
#endif
#if defined(__linux__) || defined(__ANDROID__)
#define MIO_HAS_INTEREST_PRIORITY 1
#else
#define MIO_HAS_INTEREST_PRIORITY 0
#endif

/* a | b (Interest::add / BitOr). */
static inline mio_interest mio_interest_add(mio_interest a, mio_interest b) {
  return (mio_interest)(a | b);
}
/* a & ~b; MIO_INTEREST_NONE when nothing is left (Interest::remove). */
static inline mio_interest mio_interest_remove(mio_interest a, mio_interest b) {
  return (mio_interest)(a & (mio_interest)~b);
}
static inline bool mio_interest_is_readable(mio_interest i) {
  return (i & MIO_INTEREST_READABLE) != 0;
}
static inline bool mio_interest_is_writable(mio_interest i) {
  return (i & MIO_INTEREST_WRITABLE) != 0;
}
static inline bool mio_interest_is_aio(mio_interest i) {
  return (i & MIO_INTEREST_AIO) != 0;
}
static inline bool mio_interest_is_lio(mio_interest i) {
  return (i & MIO_INTEREST_LIO) != 0;
}
static inline bool mio_interest_is_priority(mio_interest i) {
  return (i & MIO_INTEREST_PRIORITY) != 0;
}

/* true iff `i` may be passed to mio_registry_register/_reregister: non-empty,
 * no bit outside MIO_INTEREST_ALL, and no AIO/LIO/PRIORITY bit that this
 * platform lacks. */
MIO_EXTERN bool mio_interest_is_valid(mio_interest i);

/* Writes the set names in the order READABLE, WRITABLE, AIO, LIO, PRIORITY,
 * joined by " | " ("READABLE | WRITABLE"); 0 gives "". Bits outside
 * MIO_INTEREST_ALL are ignored. snprintf contract: returns the full length
 * (excluding the NUL), writes at most len-1 chars and a NUL when len > 0;
 * `buf` may be NULL when len == 0. */
MIO_EXTERN size_t mio_interest_format(mio_interest i, char *buf, size_t len);

MIO_EXTERN_C_END

#endif /* MIO_CORE_INTEREST_H_ */
