/* snprintf-contract string builder shared by every *_format function
 * (internal). Appends never write past len-1 and always keep a NUL when
 * len > 0; `total` counts the full length, so callers return it unchanged. */
#ifndef MIO_CORE_FORMAT_INTERNAL_H_
#define MIO_CORE_FORMAT_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>

typedef struct mio_fmt {
  char *buf;
  size_t len;
  size_t total;
} mio_fmt;

static inline mio_fmt mio_fmt_begin(char *buf, size_t len) {
  mio_fmt f;
  f.buf = buf;
  f.len = buf != NULL ? len : 0;
  f.total = 0;
  if (f.len > 0) f.buf[0] = '\0';
  return f;
}

static inline void mio_fmt_char(mio_fmt *f, char c) {
  if (f->total + 1 < f->len) {
    f->buf[f->total] = c;
    f->buf[f->total + 1] = '\0';
  }
  f->total++;
}

static inline void mio_fmt_str(mio_fmt *f, const char *s) {
  while (*s != '\0') mio_fmt_char(f, *s++);
}

static inline void mio_fmt_u64(mio_fmt *f, uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) mio_fmt_char(f, digits[--n]);
}

#endif /* MIO_CORE_FORMAT_INTERNAL_H_ */
