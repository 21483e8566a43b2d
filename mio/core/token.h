/* mio-c tokens: the caller's identifier for a registration (mio::Token). */
#ifndef MIO_CORE_TOKEN_H_
#define MIO_CORE_TOKEN_H_

#include <stdint.h>

#include "mio/core/platform.h"

MIO_EXTERN_C_BEGIN

/* Any value is valid, including 0, UINTPTR_MAX and a pointer cast to an
 * integer. The library never interprets it; events carry it back unchanged. */
typedef uintptr_t mio_token;

MIO_EXTERN_C_END

#endif /* MIO_CORE_TOKEN_H_ */
