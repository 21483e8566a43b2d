/* Interest validity and formatting (mio src/interest.rs). */
#include "mio/core/interest.h"

#include "mio/core/format_internal.h"

/* Bits this platform can register (mio makes the others a compile error). */
static const mio_interest interest__supported =
    (mio_interest)(MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE |
                   (MIO_HAS_INTEREST_AIO ? MIO_INTEREST_AIO : 0) |
                   (MIO_HAS_INTEREST_LIO ? MIO_INTEREST_LIO : 0) |
                   (MIO_HAS_INTEREST_PRIORITY ? MIO_INTEREST_PRIORITY : 0));

bool mio_interest_is_valid(mio_interest i) {
  return i != 0 && (i & (mio_interest)~interest__supported) == 0;
}

size_t mio_interest_format(mio_interest i, char *buf, size_t len) {
  static const struct {
    mio_interest bit;
    const char *name;
  } names[] = {{MIO_INTEREST_READABLE, "READABLE"},
               {MIO_INTEREST_WRITABLE, "WRITABLE"},
               {MIO_INTEREST_AIO, "AIO"},
               {MIO_INTEREST_LIO, "LIO"},
               {MIO_INTEREST_PRIORITY, "PRIORITY"}};
  mio_fmt f = mio_fmt_begin(buf, len);
  bool first = true;
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    if ((i & names[k].bit) == 0) continue;
    if (!first) mio_fmt_str(&f, " | ");
    mio_fmt_str(&f, names[k].name);
    first = false;
  }
  return f.total;
}
