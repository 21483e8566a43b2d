// mio-c C++ wrapper: Event (a view) and Events (the owned buffer).
//
// Events is allocated once (Events::with_capacity); Poll::poll refills it
// without allocating. Iterating yields Event views, valid until the next
// poll into, clear() of, or destruction of the buffer:
//
//   for (mio::Event e : events) {
//     if (e.token() == kListener && e.is_readable()) ...
//   }
//
// Threads: as mio_events (mio/core/events.h): reading concurrently is fine
// while nothing polls into or clears the buffer.
#ifndef MIO_CPP_EVENTS_HPP_
#define MIO_CPP_EVENTS_HPP_

#include <cstddef>
#include <iterator>
#include <string>

#include "absl/status/statusor.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/cpp/handle.hpp"
#include "mio/cpp/interest.hpp"
#include "mio/cpp/status.hpp"

namespace mio {
namespace internal {

// A C `*_format(obj, buf, len)` function's full text (snprintf contract).
template <typename Fn, typename O>
std::string FormatToString(Fn fn, const O* obj) {
  std::string s(fn(obj, nullptr, 0), '\0');
  fn(obj, &s[0], s.size() + 1);  // also writes the NUL at s[s.size()]
  return s;
}

}  // namespace internal

// One readiness notification (mio::event::Event). Only readable/writable are
// portable; the rest are hints (see mio/core/event.h).
class Event {
 public:
  explicit Event(const mio_event* e) : e_(e) {}

  Token token() const { return Token(mio_event_token(e_)); }
  bool is_readable() const { return mio_event_is_readable(e_); }
  bool is_writable() const { return mio_event_is_writable(e_); }
  bool is_error() const { return mio_event_is_error(e_); }
  bool is_read_closed() const { return mio_event_is_read_closed(e_); }
  bool is_write_closed() const { return mio_event_is_write_closed(e_); }
  bool is_priority() const { return mio_event_is_priority(e_); }
  bool is_aio() const { return mio_event_is_aio(e_); }
  bool is_lio() const { return mio_event_is_lio(e_); }

  // mio's Debug: "Event { token: Token(7), readable: true, ... }".
  std::string ToString() const {
    return internal::FormatToString(mio_event_format, e_);
  }

  const mio_event* raw() const { return e_; }

 private:
  const mio_event* e_;
};

class Events {
 public:
  // Forward iterator over the stored events, in backend order.
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Event;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Event;

    const_iterator(const mio_events* ev, size_t i) : ev_(ev), i_(i) {}
    Event operator*() const { return Event(mio_events_get(ev_, i_)); }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++i_;
      return old;
    }
    // Iterators of one buffer: the index decides.
    friend bool operator==(const const_iterator& a, const const_iterator& b) {
      return a.i_ == b.i_;
    }
    friend bool operator!=(const const_iterator& a, const const_iterator& b) {
      return !(a == b);
    }

   private:
    const mio_events* ev_;
    size_t i_;
  };

  // Allocates room for `capacity` events (1 .. MIO_EVENTS_CAPACITY_MAX).
  // Errors: MIO_EINVAL (bad capacity), MIO_ENOMEM.
  static absl::StatusOr<Events> with_capacity(size_t capacity) {
    mio_events* ev = nullptr;
    const int r = mio_events_new(&ev, capacity);
    if (r != 0) return ErrorStatus(r, "mio_events_new");
    return Events(ev);
  }

  // 0 for a moved-from buffer.
  size_t capacity() const { return mio_events_capacity(ev_.get()); }
  size_t size() const { return mio_events_len(ev_.get()); }
  bool empty() const { return size() == 0; }
  void clear() { mio_events_clear(ev_.get()); }

  // Event i < size().
  Event operator[](size_t i) const {
    return Event(mio_events_get(ev_.get(), i));
  }
  const_iterator begin() const { return const_iterator(ev_.get(), 0); }
  const_iterator end() const { return const_iterator(ev_.get(), size()); }

  // "[Event { ... }, ...]".
  std::string ToString() const {
    return internal::FormatToString(mio_events_format, raw());
  }

  mio_events* raw() { return ev_.get(); }
  const mio_events* raw() const { return ev_.get(); }

 private:
  explicit Events(mio_events* ev) : ev_(ev) {}

  internal::Owned<mio_events, mio_events_free> ev_;
};

}  // namespace mio

#endif  // MIO_CPP_EVENTS_HPP_
