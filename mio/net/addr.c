/* Socket address text (Rust's SocketAddr FromStr/Display), API.md §11.1.
 * Unix-domain addresses are in addr_unix.c (POSIX only).
 *
 * The parser follows core::net::parser step by step rather than inet_pton:
 * inet_pton accepts forms Rust rejects (and vice versa for ports/scopes), and
 * the contract is "exactly Rust". Every sub-parser is atomic: on failure it
 * leaves the cursor where it was, which is what makes Rust's backtracking
 * (try a dotted quad, else a hex group) come out the same. */
#include "mio/net/addr.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mio/core/error.h"

/* ------------------------------------------------------------- parsing */

static int addr__digit(char c, unsigned radix) {
  if (c >= '0' && c <= '9') return c - '0';
  if (radix == 16 && c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (radix == 16 && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Rust's read_number: at least one digit; more than `max_digits` (0 = no
 * limit) or a value above `max` fails; a leading zero followed by more digits
 * fails unless `zero_prefix`. The value only grows with each digit, so
 * failing as soon as it passes `max` equals Rust's checked arithmetic. */
static bool addr__number(const char **s, unsigned radix, int max_digits,
                         bool zero_prefix, uint32_t max, uint32_t *out) {
  const char *p = *s;
  uint64_t v = 0;
  int n = 0;
  int d;
  while ((d = addr__digit(*p, radix)) >= 0) {
    v = v * radix + (unsigned)d;
    n++;
    p++;
    if ((max_digits > 0 && n > max_digits) || v > max) return false;
  }
  if (n == 0 || (!zero_prefix && (*s)[0] == '0' && n > 1)) return false;
  *out = (uint32_t)v;
  *s = p;
  return true;
}

static bool addr__char(const char **s, char c) {
  if (**s != c) return false;
  (*s)++;
  return true;
}

/* Four dot-separated decimal octets, no leading zeros (RFC 6943 §3.1.1:
 * "010" would be octal to inet_aton). */
static bool addr__ipv4(const char **s, uint8_t oct[4]) {
  const char *p = *s;
  for (int i = 0; i < 4; i++) {
    uint32_t v;
    if (i > 0 && !addr__char(&p, '.')) return false;
    if (!addr__number(&p, 10, 3, false, 255, &v)) return false;
    oct[i] = (uint8_t)v;
  }
  *s = p;
  return true;
}

/* Reads up to `limit` colon-separated groups (Rust's read_groups). A dotted
 * quad may stand for the next two groups when two slots are left; it ends
 * the run and sets *v4. Returns the number of groups stored. */
static size_t addr__groups(const char **s, uint16_t *g, size_t limit,
                           bool *v4) {
  *v4 = false;
  for (size_t i = 0; i < limit; i++) {
    const char *p = *s;
    uint8_t o[4];
    uint32_t v;
    bool sep = i == 0 || addr__char(&p, ':');
    if (sep && i + 1 < limit && addr__ipv4(&p, o)) {
      g[i] = (uint16_t)(o[0] << 8 | o[1]);
      g[i + 1] = (uint16_t)(o[2] << 8 | o[3]);
      *s = p;
      *v4 = true;
      return i + 2;
    }
    if (!sep || !addr__number(&p, 16, 4, true, 0xffff, &v)) return i;
    g[i] = (uint16_t)v;
    *s = p;
  }
  return limit;
}

/* RFC 4291 text: a head of groups, then optionally "::" and a tail that
 * fills the remaining groups from the right (at least one zero group). */
static bool addr__ipv6(const char **s, uint16_t g[8]) {
  const char *p = *s;
  uint16_t tail[7];
  bool v4;
  memset(g, 0, 8 * sizeof g[0]);
  size_t head = addr__groups(&p, g, 8, &v4);
  if (head < 8) {
    if (v4 || !addr__char(&p, ':') || !addr__char(&p, ':')) return false;
    size_t n = addr__groups(&p, tail, 7 - head, &v4);
    memcpy(g + 8 - n, tail, n * sizeof tail[0]);
  }
  *s = p;
  return true;
}

static bool addr__port(const char **s, uint16_t *port) {
  const char *p = *s;
  uint32_t v;
  if (!addr__char(&p, ':') || !addr__number(&p, 10, 0, true, 0xffff, &v)) {
    return false;
  }
  *port = (uint16_t)v;
  *s = p;
  return true;
}

static int addr__parse_v4(const char *p, struct sockaddr_storage *out,
                          socklen_t *outlen) {
  uint8_t o[4];
  uint16_t port;
  if (!addr__ipv4(&p, o) || !addr__port(&p, &port) || *p != '\0') {
    return -MIO_EINVAL;
  }
  struct sockaddr_in *a = (struct sockaddr_in *)(void *)out;
  memset(out, 0, sizeof *out);
  a->sin_family = AF_INET;
  a->sin_port = htons(port);
  memcpy(&a->sin_addr, o, 4);
  *outlen = sizeof *a;
  return 0;
}

static int addr__parse_v6(const char *p, struct sockaddr_storage *out,
                          socklen_t *outlen) {
  uint16_t g[8];
  uint32_t scope = 0;
  uint16_t port;
  if (!addr__char(&p, '[') || !addr__ipv6(&p, g)) return -MIO_EINVAL;
  const char *q = p; /* the scope id is optional: Rust's unwrap_or(0) */
  if (addr__char(&q, '%') &&
      addr__number(&q, 10, 0, true, UINT32_MAX, &scope)) {
    p = q;
  }
  if (!addr__char(&p, ']') || !addr__port(&p, &port) || *p != '\0') {
    return -MIO_EINVAL;
  }
  struct sockaddr_in6 *a = (struct sockaddr_in6 *)(void *)out;
  memset(out, 0, sizeof *out);
  a->sin6_family = AF_INET6;
  a->sin6_port = htons(port);
  a->sin6_scope_id = scope;
  for (int i = 0; i < 8; i++) {
    a->sin6_addr.s6_addr[2 * i] = (uint8_t)(g[i] >> 8);
    a->sin6_addr.s6_addr[2 * i + 1] = (uint8_t)g[i];
  }
  *outlen = sizeof *a;
  return 0;
}

int mio_addr_parse(const char *s, struct sockaddr_storage *out,
                   socklen_t *outlen) {
  if (s == NULL || out == NULL || outlen == NULL) return -MIO_EINVAL;
  /* Rust tries V4 then V6; their first characters never overlap. */
  return s[0] == '[' ? addr__parse_v6(s, out, outlen)
                     : addr__parse_v4(s, out, outlen);
}

/* ---------------------------------------------------------- formatting */

/* Longest "ffff:...:ffff" or "::ffff:255.255.255.255" plus NUL. */
enum { ADDR__V6_TEXT = 40 };

static int addr__hex_run(char *b, size_t cap, const uint16_t *g, int n) {
  int w = 0;
  for (int i = 0; i < n; i++) {
    w += snprintf(b + w, cap - (size_t)w, i ? ":%x" : "%x", g[i]);
  }
  return w;
}

/* Rust's Ipv6Addr Display: "::ffff:a.b.c.d" for IPv4-mapped, else hex
 * groups with the first longest run of two or more zero groups written as
 * "::" (RFC 5952 §4.2). IPv4-compatible addresses get no special case. */
static void addr__ipv6_text(const uint8_t *b, char out[ADDR__V6_TEXT]) {
  uint16_t g[8];
  for (int i = 0; i < 8; i++) g[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
  static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (memcmp(b, mapped, sizeof mapped) == 0) {
    snprintf(out, ADDR__V6_TEXT, "::ffff:%u.%u.%u.%u", b[12], b[13], b[14],
             b[15]);
    return;
  }
  int best_at = 0, best_len = 0, cur_at = 0, cur_len = 0;
  for (int i = 0; i < 8; i++) {
    if (g[i] != 0) {
      cur_len = 0;
      continue;
    }
    if (cur_len++ == 0) cur_at = i;
    if (cur_len > best_len) {
      best_len = cur_len;
      best_at = cur_at;
    }
  }
  if (best_len < 2) {
    addr__hex_run(out, ADDR__V6_TEXT, g, 8);
    return;
  }
  int w = addr__hex_run(out, ADDR__V6_TEXT, g, best_at);
  w += snprintf(out + w, ADDR__V6_TEXT - (size_t)w, "::");
  addr__hex_run(out + w, ADDR__V6_TEXT - (size_t)w, g + best_at + best_len,
                8 - best_at - best_len);
}

/* snprintf's int result as the contract's size_t (snprintf cannot fail on
 * these formats; a negative result would mean nothing was written). */
static size_t addr__len(int n) { return n < 0 ? 0 : (size_t)n; }

static size_t addr__format_v4(const struct sockaddr_in *a, char *buf,
                              size_t len) {
  const uint8_t *o = (const uint8_t *)&a->sin_addr;
  return addr__len(snprintf(buf, len, "%u.%u.%u.%u:%u", o[0], o[1], o[2], o[3],
                            ntohs(a->sin_port)));
}

/* Rust's SocketAddrV6 Display: the scope id only when non-zero; flowinfo
 * is never printed. */
static size_t addr__format_v6(const struct sockaddr_in6 *a, char *buf,
                              size_t len) {
  char ip[ADDR__V6_TEXT];
  addr__ipv6_text(a->sin6_addr.s6_addr, ip);
  if (a->sin6_scope_id == 0) {
    return addr__len(snprintf(buf, len, "[%s]:%u", ip, ntohs(a->sin6_port)));
  }
  return addr__len(snprintf(buf, len, "[%s%%%u]:%u", ip,
                            (unsigned)a->sin6_scope_id, ntohs(a->sin6_port)));
}

size_t mio_addr_format(const struct sockaddr *a, socklen_t alen, char *buf,
                       size_t len) {
  if (buf == NULL) len = 0;
  if (a != NULL && a->sa_family == AF_INET &&
      alen >= (socklen_t)sizeof(struct sockaddr_in)) {
    return addr__format_v4((const struct sockaddr_in *)(const void *)a, buf,
                           len);
  }
  if (a != NULL && a->sa_family == AF_INET6 &&
      alen >= (socklen_t)sizeof(struct sockaddr_in6)) {
    return addr__format_v6((const struct sockaddr_in6 *)(const void *)a, buf,
                           len);
  }
  if (len > 0) buf[0] = '\0';
  return 0;
}
