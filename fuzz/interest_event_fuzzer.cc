// Fuzzes the pure parts of the core over arbitrary bit patterns: interest
// helpers, validity and format (API.md §3), event decoders and formats (§5),
// and mio_events_format. Events are built through the real representation
// (mio/sys/event_repr.h, mio_sys_event_set), exactly as a backend fills them.
//
// Oracles, each computed here independently of the library:
//  - interest validity: non-zero and only READABLE|WRITABLE|PRIORITY (Linux);
//  - the decoders: the epoll column of the §5 table (the poll(2) column in the
//    portable POSIX build, whose events are revents);
//  - every *_format: the exact expected text, and the snprintf contract for a
//    buffer of arbitrary length (return == full length, NUL-terminated prefix,
//    not one byte written past the terminator or the buffer: guard region).
//
// One input is one operation: the operations share no state, so running up
// to 64 of them per input (as this target once did) checked nothing more; it
// only made every execution 64 times as long and its coverage feedback 64
// times as coarse.
//
// Speed (fuzz/README.md): no heap allocation per input. Expected texts are
// built in fixed buffers (Text), formats are checked in one static guarded
// buffer, and the mio_events of each capacity are created once; a malloc
// under ASan (stack capture, quarantine, fresh pages) cost more than the
// checks themselves.
#include <poll.h>
#include <sys/epoll.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "fuzz/fuzz_util.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/interest.h"
#include "mio/sys/event_repr.h"

namespace {

using mio_fuzz::FuzzInput;

constexpr size_t kGuard = 32;
constexpr unsigned char kFill = 0xA5;

// Longest text checked: mio_events_format of 8 events, or details.
constexpr size_t kMaxText = 2048;

// An expected text, appended in place (at most kMaxText bytes).
class Text {
 public:
  Text() { buf_[0] = '\0'; }
  explicit Text(const char *s) : Text() { Add(s); }

  Text &Add(const char *s) {
    const size_t n = std::strlen(s);
    MIO_FUZZ_CHECK(len_ + n <= kMaxText, "expected text over %zu bytes",
                   kMaxText);
    std::memcpy(buf_ + len_, s, n + 1);
    len_ += n;
    return *this;
  }
  Text &Add(uint64_t v) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%" PRIu64, v);
    return Add(digits);
  }
  // Grows to `n` bytes for the library to write into (then Fix()).
  char *Reserve(size_t n) {
    MIO_FUZZ_CHECK(n <= kMaxText, "text of %zu bytes", n);
    len_ = n;
    return buf_;
  }

  const char *c_str() const { return buf_; }
  size_t size() const { return len_; }
  bool empty() const { return len_ == 0; }

 private:
  char buf_[kMaxText + 1];
  size_t len_ = 0;
};

// The guarded output buffer of CheckFormat.
unsigned char g_mem[kMaxText + 3 + kGuard];

// Calls format(buf, len) into a buffer of exactly `len` bytes followed by a
// guard, and checks the snprintf contract against the full text `want`.
template <typename Format>
void CheckFormat(Format format, const Text &want, size_t len,
                 const char *what) {
  const size_t n = format(nullptr, 0);
  MIO_FUZZ_CHECK(n == want.size(), "%s(NULL, 0) = %zu, want %zu", what, n,
                 want.size());
  MIO_FUZZ_CHECK(len + kGuard <= sizeof g_mem, "len %zu", len);
  const size_t mem_size = len + kGuard;
  std::memset(g_mem, kFill, mem_size);
  char *buf = reinterpret_cast<char *>(g_mem);
  const size_t got = format(buf, len);
  MIO_FUZZ_CHECK(got == want.size(), "%s returned %zu, want %zu (len %zu)",
                 what, got, want.size(), len);
  // Nothing at all may be written when len == 0.
  const size_t kept = len == 0 ? 0 : std::min(want.size(), len - 1);
  if (len > 0) {
    MIO_FUZZ_CHECK(std::memcmp(buf, want.c_str(), kept) == 0,
                   "%s: not a prefix of \"%s\" (len %zu)", what, want.c_str(),
                   len);
    MIO_FUZZ_CHECK(buf[kept] == '\0', "%s: no NUL at %zu (len %zu)", what, kept,
                   len);
  }
  const size_t untouched_from = len == 0 ? 0 : kept + 1;
  for (size_t i = untouched_from; i < mem_size; i++) {
    MIO_FUZZ_CHECK(g_mem[i] == kFill, "%s wrote byte %zu (len %zu, full %zu)",
                   what, i, len, want.size());
  }
}

// A length around the interesting boundaries: 0, 1, full, full + 1, ...
size_t PickLen(FuzzInput &in, size_t full) {
  return in.Below(static_cast<uint32_t>(full + 3));
}

// ------------------------------------------------------------------ interest

constexpr mio_interest kLinuxSupported = 0x01 | 0x02 | 0x10;

void InterestText(mio_interest i, Text &s) {
  static const char *const kNames[] = {"READABLE", "WRITABLE", "AIO", "LIO",
                                       "PRIORITY"};
  for (int bit = 0; bit < 5; bit++) {
    if ((i & (1u << bit)) == 0) continue;
    if (!s.empty()) s.Add(" | ");
    s.Add(kNames[bit]);
  }
}

void FuzzInterest(FuzzInput &in) {
  const mio_interest a = in.U8();
  const mio_interest b = in.U8();
  const bool valid = a != 0 && (a & ~kLinuxSupported) == 0;
  MIO_FUZZ_CHECK(mio_interest_is_valid(a) == valid, "is_valid(0x%02x)", a);
  MIO_FUZZ_CHECK(mio_interest_add(a, b) == (a | b), "add");
  MIO_FUZZ_CHECK(mio_interest_remove(a, b) == (a & ~b & 0xFF), "remove");
  MIO_FUZZ_CHECK(mio_interest_is_readable(a) == ((a & 0x01) != 0), "readable");
  MIO_FUZZ_CHECK(mio_interest_is_writable(a) == ((a & 0x02) != 0), "writable");
  MIO_FUZZ_CHECK(mio_interest_is_aio(a) == ((a & 0x04) != 0), "aio");
  MIO_FUZZ_CHECK(mio_interest_is_lio(a) == ((a & 0x08) != 0), "lio");
  MIO_FUZZ_CHECK(mio_interest_is_priority(a) == ((a & 0x10) != 0), "priority");
  Text want;
  InterestText(a, want);
  CheckFormat(
      [a](char *buf, size_t len) { return mio_interest_format(a, buf, len); },
      want, PickLen(in, want.size()), "mio_interest_format");
}

// --------------------------------------------------------------------- event

struct Flags {
  bool readable, writable, error, read_closed, write_closed, priority;
};

// API.md §5, column epoll.
Flags EpollTable(uint32_t bits) {
  const bool in = bits & EPOLLIN, pri = bits & EPOLLPRI, out = bits & EPOLLOUT;
  const bool err = bits & EPOLLERR, hup = bits & EPOLLHUP;
  const bool rdhup = bits & EPOLLRDHUP;
  Flags f;
  f.readable = in || pri;
  f.writable = out;
  f.error = err;
  f.read_closed = hup || (in && rdhup);
  f.write_closed = hup || (out && err) || bits == EPOLLERR;
  f.priority = pri;
  return f;
}

// API.md §5, column poll(2) (mio's poll selector), as the portable POSIX
// build has it: read_closed on HUP only, since its strictly POSIX C headers
// have no RDHUP bit (this C++ file sees glibc's, hence no POLLRDHUP here).
Flags PollTable(uint32_t bits) {
  Flags f = EpollTable(bits);
  f.read_closed = (bits & POLLHUP) != 0;
  return f;
}

// The decoders under test read the platform's representation.
Flags DecodeTable(uint32_t bits) {
#ifdef MIO_PORTABLE_POSIX
  return PollTable(bits);
#else
  return EpollTable(bits);
#endif
}

const char *Bool(bool b) { return b ? "true" : "false"; }

void EventText(mio_token token, const Flags &f, Text &s) {
  s.Add("Event { token: Token(")
      .Add(static_cast<uint64_t>(token))
      .Add("), readable: ")
      .Add(Bool(f.readable))
      .Add(", writable: ")
      .Add(Bool(f.writable))
      .Add(", error: ")
      .Add(Bool(f.error))
      .Add(", read_closed: ")
      .Add(Bool(f.read_closed))
      .Add(", write_closed: ")
      .Add(Bool(f.write_closed))
      .Add(", priority: ")
      .Add(Bool(f.priority))
      .Add(", aio: false, lio: false }");
}

// Mostly meaningful bit patterns (combinations of the nine flags), sometimes
// any 32 bits.
uint32_t PickBits(FuzzInput &in) {
  static const uint32_t kBits[] = {EPOLLIN,     EPOLLPRI,    EPOLLOUT,
                                   EPOLLERR,    EPOLLHUP,    EPOLLRDHUP,
                                   EPOLLRDNORM, EPOLLRDBAND, EPOLLWRNORM};
  const uint16_t sel = in.U16();
  if (sel & 0x8000) return in.U32();
  uint32_t bits = 0;
  for (int k = 0; k < 9; k++) {
    if (sel & (1u << k)) bits |= kBits[k];
  }
  return bits;
}

// Tokens at the edges of the range (fuzz_util.h's PickToken favours
// small, colliding ones).
mio_token PickEventToken(FuzzInput &in) {
  switch (in.U8() % 4) {
    case 0:
      return in.U8();
    case 1:
      return static_cast<mio_token>(UINTPTR_MAX - in.U8());
    default:
      return static_cast<mio_token>(in.U64());
  }
}

void CheckDecoders(const mio_event *e, mio_token token, uint32_t bits) {
  const Flags f = DecodeTable(bits);
  MIO_FUZZ_CHECK(mio_event_token(e) == token, "token");
  MIO_FUZZ_CHECK(mio_event_is_readable(e) == f.readable, "readable 0x%x", bits);
  MIO_FUZZ_CHECK(mio_event_is_writable(e) == f.writable, "writable 0x%x", bits);
  MIO_FUZZ_CHECK(mio_event_is_error(e) == f.error, "error 0x%x", bits);
  MIO_FUZZ_CHECK(mio_event_is_read_closed(e) == f.read_closed,
                 "read_closed 0x%x", bits);
  MIO_FUZZ_CHECK(mio_event_is_write_closed(e) == f.write_closed,
                 "write_closed 0x%x", bits);
  MIO_FUZZ_CHECK(mio_event_is_priority(e) == f.priority, "priority 0x%x", bits);
  MIO_FUZZ_CHECK(!mio_event_is_aio(e) && !mio_event_is_lio(e), "aio/lio");
}

void FuzzEvent(FuzzInput &in) {
  const uint32_t bits = PickBits(in);
  const mio_token token = PickEventToken(in);
  mio_event e;
  mio_sys_event_set(&e, token, bits);
  CheckDecoders(&e, token, bits);
  Text want;
  EventText(token, DecodeTable(bits), want);
  CheckFormat(
      [&e](char *buf, size_t len) { return mio_event_format(&e, buf, len); },
      want, PickLen(in, want.size()), "mio_event_format");
  // The details text is not specified: only the contract, against the full
  // text it produces itself.
  Text details;
  const size_t details_len = mio_event_format_details(&e, nullptr, 0);
  mio_event_format_details(&e, details.Reserve(details_len), details_len + 1);
  CheckFormat(
      [&e](char *buf, size_t len) {
        return mio_event_format_details(&e, buf, len);
      },
      details, PickLen(in, details.size()), "mio_event_format_details");
}

// NULL: false / 0 accessors and "" formats (API.md §5, §15.2).
void FuzzNullEvent(FuzzInput &in) {
  CheckDecoders(nullptr, 0, 0);
  CheckFormat(
      [](char *buf, size_t len) { return mio_event_format(nullptr, buf, len); },
      Text(""), PickLen(in, 0), "mio_event_format(NULL)");
  CheckFormat(
      [](char *buf, size_t len) {
        return mio_event_format_details(nullptr, buf, len);
      },
      Text(""), PickLen(in, 0), "mio_event_format_details(NULL)");
}

// One mio_events of each capacity 1..kMaxEventsCap, created on first use
// and reused (every input sets the length it needs).
constexpr size_t kMaxEventsCap = 8;

mio_events *EventsOfCapacity(size_t cap) {
  static mio_events *by_cap[kMaxEventsCap + 1];
  mio_events *&ev = by_cap[cap];
  if (ev == nullptr) {
    MIO_FUZZ_CHECK(mio_events_new(&ev, cap) == 0 && ev != nullptr,
                   "events_new");
    MIO_FUZZ_CHECK(mio_events_capacity(ev) == cap, "capacity");
  }
  return ev;
}

// mio_events_format: "[" each event's text ", "-separated "]".
void FuzzEvents(FuzzInput &in) {
  const size_t cap = 1 + in.U8() % kMaxEventsCap;
  mio_events *ev = EventsOfCapacity(cap);
  const size_t n = in.U8() % (cap + 1);
  Text want("[");
  for (size_t i = 0; i < n; i++) {
    const uint32_t bits = PickBits(in);
    const mio_token token = PickEventToken(in);
    mio_sys_event_set(&mio_sys_events_buf(ev)[i], token, bits);
    if (i > 0) want.Add(", ");
    EventText(token, DecodeTable(bits), want);
  }
  want.Add("]");
  ev->mio_private_len = n;
  MIO_FUZZ_CHECK(mio_events_len(ev) == n, "len");
  MIO_FUZZ_CHECK(mio_events_is_empty(ev) == (n == 0), "is_empty");
  for (size_t i = 0; i < n; i++) {
    const mio_event *e = mio_events_get(ev, i);
    MIO_FUZZ_CHECK(e == &mio_sys_events_buf(ev)[i], "get(%zu)", i);
  }
  MIO_FUZZ_CHECK(mio_events_get(ev, n) == nullptr, "get past len");
  mio_events_iter it;
  mio_events_iter_init(&it, ev);
  for (size_t i = 0; i < n; i++) {
    MIO_FUZZ_CHECK(mio_events_iter_next(&it) == &mio_sys_events_buf(ev)[i],
                   "iter_next(%zu)", i);
  }
  MIO_FUZZ_CHECK(mio_events_iter_next(&it) == nullptr, "iter past len");
  CheckFormat(
      [ev](char *buf, size_t len) { return mio_events_format(ev, buf, len); },
      want, PickLen(in, want.size()), "mio_events_format");
  mio_events_clear(ev);
  MIO_FUZZ_CHECK(mio_events_len(ev) == 0 && mio_events_is_empty(ev) &&
                     mio_events_get(ev, 0) == nullptr,
                 "clear");
  MIO_FUZZ_CHECK(mio_events_is_empty(nullptr) == false, "is_empty(NULL)");
  mio_events_clear(nullptr);  // no-op
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzInput in(data, size);
  switch (in.U8() % 4) {
    case 0:
      FuzzInterest(in);
      break;
    case 1:
      FuzzEvent(in);
      break;
    case 2:
      FuzzNullEvent(in);
      break;
    default:
      FuzzEvents(in);
      break;
  }
  return 0;
}
