// Rows for mio/core: errors, backends, interests, events, Poll and Waker
// (API.md §2-§6, §9, §15.2).
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "testing/contract/rows_common.h"

namespace mio_contract {
namespace {

// A formatter's result and text: "<n>:<text>" (text only when buf != NULL).
template <typename F>
std::string Formatted(F format, size_t len) {
  char buf[256];
  std::memset(buf, 'x', sizeof buf);
  size_t n = format(len > 0 ? buf : nullptr, len);
  if (len == 0) return std::to_string(n) + ":";
  return std::to_string(n) + ":" + std::string(buf, strnlen(buf, len));
}

// mio_interest_format(i) into a buffer of `len` ("<result>:<text>").
Row InterestFormatRow(const char* what, mio_interest i, size_t len,
                      const char* expected) {
  return Row{
      MIO_FN(mio_interest_format),
      what,
      [i, len](Env&) {
        return ToValue(Formatted(
            [i](char* b, size_t n) { return mio_interest_format(i, b, n); },
            len));
      },
      Str(expected),
      {}};
}

// mio_last_error() with errno set to `err`.
Row LastErrorRow(const char* what, int err, Value expected) {
  return Row{MIO_FN(mio_last_error),
             what,
             [err](Env&) {
               errno = err;
               return ToValue(mio_last_error());
             },
             std::move(expected),
             {}};
}

// A poll on which one waker event has been reported, so `events` is full.
mio_events* EventsWithOneEvent(Env& e) {
  mio_waker* w = nullptr;
  EXPECT_EQ(mio_waker_new(e.reg(), 9, &w), 0);
  EXPECT_EQ(mio_waker_wake(w), 0);
  EXPECT_EQ(mio_poll_poll(e.poll(), e.events(), MIO_TIMEOUT_INFINITE), 0);
  EXPECT_EQ(mio_events_len(e.events()), 1u);
  mio_waker_free(w);
  return e.events();
}

void AddErrorRows(Rows& rows) {
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_strerror, "0", (0), Str("Success")),
          MIO_ROW(mio_strerror, "INT_MIN", (INT_MIN), Str("Unknown error")),
          MIO_ROW(mio_strerror, "INT_MAX", (INT_MAX), Str("Unknown error")),
          MIO_ROW(mio_strerror, "-INT_MAX", (-INT_MAX), Str("Unknown error")),
          MIO_ROW(mio_strerror, "unknown code 4095", (-4095),
                  Str("Unknown error")),
          Row{MIO_FN(mio_strerror),
              "code and -code give one text",
              [](Env&) {
                return ToValue(std::string(mio_strerror(MIO_EINVAL)) ==
                               mio_strerror(-MIO_EINVAL));
              },
              kTrue,
              {}},
          LastErrorRow("errno 0", 0, kOk),
          LastErrorRow("errno EWOULDBLOCK", EWOULDBLOCK, Code(-MIO_EAGAIN)),
          LastErrorRow("errno EBADF", EBADF, Code(-MIO_EBADF)),
          MIO_ROW(mio_backend_name, "MIO_BACKEND_NONE", (MIO_BACKEND_NONE),
                  Str("none")),
      });
}

// Unknown backends, through the int wrapper (bad_enum.h).
void AddBackendNameRows(Rows& rows) {
  const auto f = MIO_NAMED_INT_ENUM(mio_backend_name);
  for (int b : {-1, MIO_BACKEND_IO_URING + 1, INT_MAX, INT_MIN}) {
    RowAdder(rows, f.name)(
        "backend " + std::to_string(b),
        [f, b](Env&) { return ToValue(f.fn(b)); }, Str("none"));
  }
}

void AddInterestRows(Rows& rows) {
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_interest_is_valid, "empty", (MIO_INTEREST_NONE), kFalse),
          MIO_ROW(mio_interest_is_valid, "unknown bit 0x20", (0x20), kFalse),
          MIO_ROW(mio_interest_is_valid, "unknown bit 0x80 with READABLE",
                  (0x81), kFalse),
          MIO_ROW(mio_interest_is_valid, "0xFF", (0xFF), kFalse),
          MIO_ROW(mio_interest_is_valid, "AIO", (MIO_INTEREST_AIO),
                  Value(int64_t{MIO_HAS_INTEREST_AIO})),
          MIO_ROW(mio_interest_is_valid, "LIO", (MIO_INTEREST_LIO),
                  Value(int64_t{MIO_HAS_INTEREST_LIO})),
          MIO_ROW(mio_interest_is_valid, "PRIORITY", (MIO_INTEREST_PRIORITY),
                  Value(int64_t{MIO_HAS_INTEREST_PRIORITY})),
          MIO_ROW(mio_interest_is_valid, "ALL", (MIO_INTEREST_ALL),
                  Value(int64_t{MIO_HAS_INTEREST_AIO && MIO_HAS_INTEREST_LIO &&
                                MIO_HAS_INTEREST_PRIORITY})),
          InterestFormatRow("0", 0, 64, "0:"),
          InterestFormatRow("unknown bits only", 0xE0, 64, "0:"),
          InterestFormatRow("unknown bits ignored", 0xE1, 64, "8:READABLE"),
          InterestFormatRow("NULL buf, len 0", MIO_INTEREST_READABLE, 0, "8:"),
          Row{MIO_FN(mio_interest_format),
              "NULL buf, len 8 (taken as 0)",
              [](Env&) { return ToValue(mio_interest_format(1, nullptr, 8)); },
              Code(8),
              {}},
          InterestFormatRow("len 1", MIO_INTEREST_READABLE, 1, "8:"),
          InterestFormatRow("truncated", 3, 5, "19:READ"),
      });
}

// NULL events and NULL-event accessors (§15.2).
void AddEventRows(Rows& rows) {
  static const mio_event* const none = nullptr;
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_event_token, "NULL", (none), kOk),
          MIO_ROW(mio_event_is_readable, "NULL", (none), kFalse),
          MIO_ROW(mio_event_is_writable, "NULL", (none), kFalse),
          MIO_ROW(mio_event_is_error, "NULL", (none), kFalse),
          MIO_ROW(mio_event_is_read_closed, "NULL", (none), kFalse),
          MIO_ROW(mio_event_is_write_closed, "NULL", (none), kFalse),
          MIO_ROW(mio_event_is_priority, "NULL", (none), kFalse),
          MIO_ROW(mio_event_is_aio, "NULL", (none), kFalse),
          MIO_ROW(mio_event_is_lio, "NULL", (none), kFalse),
          Row{MIO_FN(mio_event_format),
              "NULL event",
              [](Env&) {
                return ToValue(Formatted(
                    [](char* b, size_t n) {
                      return mio_event_format(nullptr, b, n);
                    },
                    64));
              },
              Str("0:"),
              {}},
          Row{MIO_FN(mio_event_format),
              "NULL event, NULL buf, len 0",
              [](Env&) {
                return ToValue(mio_event_format(nullptr, nullptr, 0));
              },
              kOk,
              {}},
          Row{MIO_FN(mio_event_format),
              "NULL buf, len 16 (taken as 0)",
              [](Env& e) {
                const mio_event* ev = mio_events_get(EventsWithOneEvent(e), 0);
                size_t full = mio_event_format(ev, nullptr, 0);
                return ToValue(mio_event_format(ev, nullptr, 16) == full &&
                               full > 0);
              },
              kTrue,
              {}},
          Row{MIO_FN(mio_event_format),
              "len 1 writes only the NUL",
              [](Env& e) {
                const mio_event* ev = mio_events_get(EventsWithOneEvent(e), 0);
                char buf[2] = {'x', 'x'};
                size_t n = mio_event_format(ev, buf, 1);
                return ToValue(n > 1 && buf[0] == '\0' && buf[1] == 'x');
              },
              kTrue,
              {}},
          Row{MIO_FN(mio_event_format_details),
              "NULL event",
              [](Env&) {
                return ToValue(Formatted(
                    [](char* b, size_t n) {
                      return mio_event_format_details(nullptr, b, n);
                    },
                    64));
              },
              Str("0:"),
              {}},
          Row{MIO_FN(mio_event_format_details),
              "NULL buf, len 0",
              [](Env& e) {
                const mio_event* ev = mio_events_get(EventsWithOneEvent(e), 0);
                return ToValue(mio_event_format_details(ev, nullptr, 0) > 0);
              },
              kTrue,
              {}},
      });
}

void AddEventsRows(Rows& rows) {
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_events_new, "NULL out", (nullptr, 16), Code(-MIO_EINVAL)),
          Row{MIO_FN(mio_events_new),
              "capacity 0 (out set to NULL)",
              [](Env&) {
                mio_events* ev = reinterpret_cast<mio_events*>(&ev);
                Value v = ToValue(mio_events_new(&ev, 0));
                EXPECT_EQ(ev, nullptr);
                return v;
              },
              Code(-MIO_EINVAL),
              {}},
          Row{MIO_FN(mio_events_new),
              "capacity MAX + 1 (out set to NULL)",
              [](Env&) {
                mio_events* ev = reinterpret_cast<mio_events*>(&ev);
                Value v =
                    ToValue(mio_events_new(&ev, MIO_EVENTS_CAPACITY_MAX + 1));
                EXPECT_EQ(ev, nullptr);
                return v;
              },
              Code(-MIO_EINVAL),
              {}},
          Row{MIO_FN(mio_events_new),
              "capacity SIZE_MAX",
              [](Env&) {
                mio_events* ev = nullptr;
                return ToValue(mio_events_new(&ev, SIZE_MAX));
              },
              Code(-MIO_EINVAL),
              {}},
          Row{MIO_FN(mio_events_new),
              "capacity MAX is accepted",
              [](Env&) {
                mio_events* ev = nullptr;
                Value v = ToValue(mio_events_new(&ev, MIO_EVENTS_CAPACITY_MAX));
                EXPECT_EQ(mio_events_capacity(ev), MIO_EVENTS_CAPACITY_MAX);
                mio_events_free(ev);
                return v;
              },
              kOk,
              {}},
          MIO_ROW(mio_events_free, "NULL", (nullptr), kOk),
          MIO_ROW(mio_events_capacity, "NULL", (nullptr), kOk),
          MIO_ROW(mio_events_len, "NULL", (nullptr), kOk),
          MIO_ROW(mio_events_is_empty, "NULL", (nullptr), kFalse),
          MIO_ROW(mio_events_clear, "NULL", (nullptr), kOk),
          MIO_ROW(mio_events_get, "NULL", (nullptr, 0), kNull),
          MIO_ROW(mio_events_get, "empty, index 0", (e.events(), 0), kNull),
          MIO_ROW(mio_events_get, "index len", (EventsWithOneEvent(e), 1),
                  kNull),
          MIO_ROW(mio_events_get, "index SIZE_MAX",
                  (EventsWithOneEvent(e), SIZE_MAX), kNull),
          MIO_ROW(mio_events_iter_init, "NULL cursor", (nullptr, e.events()),
                  kOk),
          Row{MIO_FN(mio_events_iter_init),
              "NULL events: nothing to visit",
              [](Env&) {
                mio_events_iter it;
                mio_events_iter_init(&it, nullptr);
                return ToValue(mio_events_iter_next(&it));
              },
              kNull,
              {}},
          MIO_ROW(mio_events_iter_next, "NULL", (nullptr), kNull),
          Row{MIO_FN(mio_events_iter_next),
              "zeroed cursor",
              [](Env&) {
                mio_events_iter it = {};
                return ToValue(mio_events_iter_next(&it));
              },
              kNull,
              {}},
          Row{MIO_FN(mio_events_iter_next),
              "empty events",
              [](Env& e) {
                mio_events_iter it;
                mio_events_iter_init(&it, e.events());
                return ToValue(mio_events_iter_next(&it));
              },
              kNull,
              {}},
          Row{MIO_FN(mio_events_iter_next),
              "past the end: NULL again",
              [](Env& e) {
                mio_events_iter it;
                mio_events_iter_init(&it, EventsWithOneEvent(e));
                EXPECT_NE(mio_events_iter_next(&it), nullptr);
                EXPECT_EQ(mio_events_iter_next(&it), nullptr);
                return ToValue(mio_events_iter_next(&it));
              },
              kNull,
              {}},
          Row{MIO_FN(mio_events_format),
              "NULL events print as empty",
              [](Env&) {
                return ToValue(Formatted(
                    [](char* b, size_t n) {
                      return mio_events_format(nullptr, b, n);
                    },
                    64));
              },
              Str("2:[]"),
              {}},
          Row{MIO_FN(mio_events_format),
              "NULL buf, len 0",
              [](Env& e) {
                return ToValue(mio_events_format(e.events(), nullptr, 0));
              },
              Code(2),
              {}},
          Row{MIO_FN(mio_events_format),
              "len 2 truncates \"[]\"",
              [](Env& e) {
                mio_events* ev = e.events();
                return ToValue(Formatted(
                    [ev](char* b, size_t n) {
                      return mio_events_format(ev, b, n);
                    },
                    2));
              },
              Str("2:["),
              {}},
      });
}

void AddPollRows(Rows& rows) {
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_poll_new, "NULL out", (nullptr), Code(-MIO_EINVAL)),
          MIO_ROW(mio_poll_free, "NULL", (nullptr), kOk),
          MIO_ROW(mio_poll_registry, "NULL", (nullptr), kNull),
          MIO_ROW(mio_poll_backend, "NULL", (nullptr), Code(MIO_BACKEND_NONE)),
          MIO_ROW(mio_poll_short_io_ends_drain, "NULL", (nullptr), Code(0)),
          MIO_ROW(mio_poll_as_raw_fd, "NULL", (nullptr), Code(-MIO_EINVAL)),
          MIO_ROW(mio_poll_poll, "NULL poll", (nullptr, e.events(), 0),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_poll_poll, "NULL events", (e.poll(), nullptr, 0),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_poll_poll, "NULL poll and events", (nullptr, nullptr, -5),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_poll_poll, "timeout -2", (e.poll(), e.events(), -2),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_poll_poll, "timeout INT64_MIN",
                  (e.poll(), e.events(), INT64_MIN), Code(-MIO_EINVAL)),
          Row{MIO_FN(mio_poll_poll),
              "bad timeout empties events",
              [](Env& e) {
                mio_events* ev = EventsWithOneEvent(e);
                EXPECT_EQ(mio_poll_poll(e.poll(), ev, -2), -MIO_EINVAL);
                return ToValue(mio_events_len(ev));
              },
              kOk,
              {}},
          Row{MIO_FN(mio_poll_poll),
              "NULL poll empties events",
              [](Env& e) {
                mio_events* ev = EventsWithOneEvent(e);
                EXPECT_EQ(mio_poll_poll(nullptr, ev, 0), -MIO_EINVAL);
                return ToValue(mio_events_is_empty(ev));
              },
              kTrue,
              {}},
      });
}

void AddWakerRows(Rows& rows) {
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_waker_new, "NULL out", (e.reg(), 1, nullptr),
                  Code(-MIO_EINVAL)),
          Row{MIO_FN(mio_waker_new),
              "NULL registry (out set to NULL)",
              [](Env&) {
                mio_waker* w = reinterpret_cast<mio_waker*>(&w);
                Value v = ToValue(mio_waker_new(nullptr, 1, &w));
                EXPECT_EQ(w, nullptr);
                return v;
              },
              Code(-MIO_EINVAL),
              {}},
          Row{MIO_FN(mio_waker_new),
              "second waker on one Poll",
              [](Env& e) {
                mio_waker* a = nullptr;
                mio_waker* b = reinterpret_cast<mio_waker*>(&b);
                EXPECT_EQ(mio_waker_new(e.reg(), 1, &a), 0);
                Value v = ToValue(mio_waker_new(e.reg(), 2, &b));
                EXPECT_EQ(b, nullptr);
                mio_waker_free(a);
                return v;
              },
              Code(-MIO_EEXIST),
              {}},
          Row{MIO_FN(mio_waker_new),
              "second waker through a clone",
              [](Env& e) {
                mio_registry* clone = nullptr;
                mio_waker* a = nullptr;
                mio_waker* b = nullptr;
                EXPECT_EQ(mio_registry_try_clone(e.reg(), &clone), 0);
                EXPECT_EQ(mio_waker_new(e.reg(), 1, &a), 0);
                Value v = ToValue(mio_waker_new(clone, 2, &b));
                mio_waker_free(a);
                mio_registry_free(clone);
                return v;
              },
              Code(-MIO_EEXIST),
              {}},
          Row{MIO_FN(mio_waker_new),
              "after the first is freed",
              [](Env& e) {
                mio_waker* a = nullptr;
                EXPECT_EQ(mio_waker_new(e.reg(), 1, &a), 0);
                mio_waker_free(a);
                Value v = ToValue(mio_waker_new(e.reg(), 2, &a));
                mio_waker_free(a);
                return v;
              },
              kOk,
              {}},
          Row{MIO_FN(mio_waker_new),
              "through a clone of a freed Poll",
              [](Env& e) {
                mio_waker* w = nullptr;
                Value v = ToValue(mio_waker_new(e.orphan_clone(), 1, &w));
                mio_waker_free(w);
                return v;
              },
              kOk,
              {}},
          MIO_ROW(mio_waker_wake, "NULL", (nullptr), Code(-MIO_EINVAL)),
          Row{MIO_FN(mio_waker_wake),
              "after its Poll was freed",
              [](Env&) {
                mio_poll* p = nullptr;
                mio_waker* w = nullptr;
                EXPECT_EQ(mio_poll_new(&p), 0);
                EXPECT_EQ(mio_waker_new(mio_poll_registry(p), 1, &w), 0);
                mio_poll_free(p);
                Value v = ToValue(mio_waker_wake(w));
                mio_waker_free(w);
                return v;
              },
              kOk,
              {}},
          MIO_ROW(mio_waker_free, "NULL", (nullptr), kOk),
      });
}

}  // namespace

void AddCoreRows(Rows& rows) {
  AddErrorRows(rows);
  AddBackendNameRows(rows);
  AddInterestRows(rows);
  AddEventRows(rows);
  AddEventsRows(rows);
  AddPollRows(rows);
  AddWakerRows(rows);
}

}  // namespace mio_contract
