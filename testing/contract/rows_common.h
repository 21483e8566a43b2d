// Row generators for function shapes that several value types share (I/O,
// options, addresses, shutdown, take_error). Every generator takes the
// function as MIO_NAMED(f) and the type's live-object accessor and close
// function from Env; the rows follow API.md §2.1/§2.3: NULL object or
// required pointer -> -MIO_EINVAL, closed object -> -MIO_EBADF, and argument
// errors are reported before the closed check (docs/API.md §16.1).
#ifndef MIO_TESTING_CONTRACT_ROWS_COMMON_H_
#define MIO_TESTING_CONTRACT_ROWS_COMMON_H_

#include <climits>
#include <cstdint>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "testing/contract/bad_enum.h"
#include "testing/contract/env.h"
#include "testing/contract/row.h"

namespace mio_contract {

// How rows reach an object of type T.
template <typename T>
struct Obj {
  T* (Env::*live)();
  int (*close)(T*);
  mio_raw_fd (*as_raw_fd)(const T*);

  T* Live(Env& e) const { return (e.*live)(); }
  T* Zero(Env& e) const { return e.Zero(close); }
  // Calls `ctor(out)` on an output filled with garbage (constructors must
  // not read it) and checks API.md §15.1: a failed constructor leaves *out
  // closed. Returns ctor's result.
  template <typename Ctor>
  Value IntoGarbage(Env& e, const char* fn, Ctor ctor) const {
    T* out = e.Garbage(close);
    Value v = ToValue(ctor(out));
    if (v != Value(kOk)) {
      EXPECT_EQ(as_raw_fd(out), MIO_INVALID_RAW_FD)
          << fn << " did not leave its output closed";
    }
    return v;
  }
  T* Closed(Env& e) const {  // live, then closed
    T* obj = Live(e);
    EXPECT_EQ(close(obj), 0);
    return obj;
  }
};

// Appends rows named `fn` with `what` (prefix + what).
class RowAdder {
 public:
  RowAdder(Rows& rows, const char* fn, std::string prefix = "")
      : rows_(rows), fn_(fn), prefix_(std::move(prefix)) {}
  void operator()(const std::string& what, std::function<Value(Env&)> call,
                  Value expected) const {
    rows_.push_back(
        Row{fn_, prefix_ + what, std::move(call), std::move(expected), {}});
  }

 private:
  Rows& rows_;
  const char* fn_;
  std::string prefix_;
};

// The object-state rows every `const T*` function has: NULL object, zeroed
// object and closed object, with otherwise valid arguments given by `call`.
template <typename T, typename Call>
void AddStateRows(const RowAdder& row, const Obj<T>& o, Call call) {
  row(
      "NULL object", [call](Env&) { return ToValue(call(nullptr)); },
      Code(-MIO_EINVAL));
  row(
      "zeroed object", [o, call](Env& e) { return ToValue(call(o.Zero(e))); },
      Code(-MIO_EBADF));
  row(
      "after close", [o, call](Env& e) { return ToValue(call(o.Closed(e))); },
      Code(-MIO_EBADF));
}

// int f(const T*, int* err_out)
template <typename T>
void AddTakeErrorRows(Rows& rows, Named<int (*)(const T*, int*)> f,
                      const Obj<T>& o) {
  RowAdder row(rows, f.name);
  AddStateRows(row, o, [f](const T* obj) {
    int err = 0;
    return f.fn(obj, &err);
  });
  row(
      "NULL err_out",
      [f, o](Env& e) { return ToValue(f.fn(o.Live(e), nullptr)); },
      Code(-MIO_EINVAL));
  row(
      "NULL err_out, zeroed object",
      [f, o](Env& e) { return ToValue(f.fn(o.Zero(e), nullptr)); },
      Code(-MIO_EINVAL));
}

// int f(const T*, mio_shutdown), through its bad_enum_ wrapper taking int.
template <typename T>
void AddShutdownRows(Rows& rows, Named<int (*)(const T*, int)> f,
                     const Obj<T>& o) {
  RowAdder row(rows, f.name);
  AddStateRows(row, o,
               [f](const T* obj) { return f.fn(obj, MIO_SHUTDOWN_BOTH); });
  for (int how : {-1, 3, INT_MAX, INT_MIN}) {
    row(
        "how " + std::to_string(how),
        [f, o, how](Env& e) { return ToValue(f.fn(o.Live(e), how)); },
        Code(-MIO_EINVAL));
  }
  row(
      "how 3, zeroed object",
      [f, o](Env& e) { return ToValue(f.fn(o.Zero(e), 3)); },
      Code(-MIO_EINVAL));
}

// ptrdiff_t f(const T*, B buf, size_t len) for B = void* / const void*.
// `zero_len_result` is what a live object returns for (NULL, 0), or NULL
// when the contract does not pin it.
template <typename T, typename B>
void AddBufferRows(Rows& rows, Named<ptrdiff_t (*)(const T*, B, size_t)> f,
                   const Obj<T>& o, const Value* zero_len_result) {
  RowAdder row(rows, f.name);
  AddStateRows(row, o, [f](const T* obj) {
    char buf[8] = {0};
    return f.fn(obj, buf, sizeof buf);
  });
  for (size_t len : {size_t{1}, size_t{SIZE_MAX}}) {
    row(
        "NULL buf, len " + std::to_string(len),
        [f, o, len](Env& e) { return ToValue(f.fn(o.Live(e), nullptr, len)); },
        Code(-MIO_EINVAL));
  }
  row(
      "NULL buf, len 1, zeroed object",
      [f, o](Env& e) { return ToValue(f.fn(o.Zero(e), nullptr, 1)); },
      Code(-MIO_EINVAL));
  if (zero_len_result != nullptr) {
    row(
        "NULL buf, len 0",
        [f, o](Env& e) { return ToValue(f.fn(o.Live(e), nullptr, 0)); },
        *zero_len_result);
  }
}

// ptrdiff_t f(const T*, const mio_iovec*, int)
template <typename T>
void AddIovRows(Rows& rows,
                Named<ptrdiff_t (*)(const T*, const mio_iovec*, int)> f,
                const Obj<T>& o) {
  RowAdder row(rows, f.name);
  AddStateRows(row, o, [f](const T* obj) {
    char buf[8] = {0};
    mio_iovec iov = {buf, sizeof buf};
    return f.fn(obj, &iov, 1);
  });
  for (int cnt : {-1, INT_MIN}) {
    row(
        "iovcnt " + std::to_string(cnt),
        [f, o, cnt](Env& e) {
          char buf[8] = {0};
          mio_iovec iov = {buf, sizeof buf};
          return ToValue(f.fn(o.Live(e), &iov, cnt));
        },
        Code(-MIO_EINVAL));
  }
  row(
      "iovcnt -1, zeroed object",
      [f, o](Env& e) { return ToValue(f.fn(o.Zero(e), nullptr, -1)); },
      Code(-MIO_EINVAL));
  row(
      "NULL iov, iovcnt 1",
      [f, o](Env& e) { return ToValue(f.fn(o.Live(e), nullptr, 1)); },
      Code(-MIO_EINVAL));
  row(
      "NULL iov, iovcnt 0",
      [f, o](Env& e) { return ToValue(f.fn(o.Live(e), nullptr, 0)); }, kOk);
}

// A setter/getter pair of one option: int set(const T*, V), int get(const
// T*, V*), and the values the setter must reject with -MIO_EINVAL.
template <typename T, typename V>
void AddOptionRows(Rows& rows, Named<int (*)(const T*, V)> set,
                   Named<int (*)(const T*, V*)> get, const Obj<T>& o,
                   std::initializer_list<V> rejected) {
  RowAdder set_row(rows, set.name);
  AddStateRows(set_row, o, [set](const T* obj) { return set.fn(obj, V{1}); });
  for (V bad : rejected) {
    set_row(
        "value " + std::to_string(bad),
        [set, o, bad](Env& e) { return ToValue(set.fn(o.Live(e), bad)); },
        Code(-MIO_EINVAL));
  }
  RowAdder get_row(rows, get.name);
  AddStateRows(get_row, o, [get](const T* obj) {
    V v{};
    return get.fn(obj, &v);
  });
  get_row(
      "NULL out",
      [get, o](Env& e) { return ToValue(get.fn(o.Live(e), nullptr)); },
      Code(-MIO_EINVAL));
  get_row(
      "NULL out, zeroed object",
      [get, o](Env& e) { return ToValue(get.fn(o.Zero(e), nullptr)); },
      Code(-MIO_EINVAL));
}

// int f(const T*, A* out, socklen_t* outlen) for local/peer addresses.
template <typename T, typename A>
void AddAddrOutRows(Rows& rows, Named<int (*)(const T*, A*, socklen_t*)> f,
                    const Obj<T>& o) {
  RowAdder row(rows, f.name);
  AddStateRows(row, o, [f](const T* obj) {
    A a;
    socklen_t n = 0;
    return f.fn(obj, &a, &n);
  });
  row(
      "NULL out",
      [f, o](Env& e) {
        socklen_t n = 0;
        return ToValue(f.fn(o.Live(e), nullptr, &n));
      },
      Code(-MIO_EINVAL));
  row(
      "NULL outlen",
      [f, o](Env& e) {
        A a;
        return ToValue(f.fn(o.Live(e), &a, nullptr));
      },
      Code(-MIO_EINVAL));
  row(
      "NULL out, zeroed object",
      [f, o](Env& e) {
        socklen_t n = 0;
        return ToValue(f.fn(o.Zero(e), nullptr, &n));
      },
      Code(-MIO_EINVAL));
}

// int accept(const L*, S* out, A* peer, socklen_t* peerlen)
template <typename L, typename S, typename A>
void AddAcceptRows(Rows& rows, Named<int (*)(const L*, S*, A*, socklen_t*)> f,
                   const Obj<L>& l, const Obj<S>& s) {
  RowAdder row(rows, f.name);
  auto accept_into_garbage = [f, s](Env& e, const L* listener) {
    return s.IntoGarbage(e, f.name, [&](S* out) {
      return f.fn(listener, out, nullptr, nullptr);
    });
  };
  row(
      "NULL listener",
      [f, s](Env& e) {
        return ToValue(f.fn(nullptr, s.Zero(e), nullptr, nullptr));
      },
      Code(-MIO_EINVAL));
  row(
      "NULL out",
      [f, l](Env& e) {
        return ToValue(f.fn(l.Live(e), nullptr, nullptr, nullptr));
      },
      Code(-MIO_EINVAL));
  row(
      "NULL out, zeroed listener",
      [f, l](Env& e) {
        return ToValue(f.fn(l.Zero(e), nullptr, nullptr, nullptr));
      },
      Code(-MIO_EINVAL));
  row(
      "zeroed listener",
      [l, accept_into_garbage](Env& e) {
        return accept_into_garbage(e, l.Zero(e));
      },
      Code(-MIO_EBADF));
  row(
      "after close",
      [l, accept_into_garbage](Env& e) {
        return accept_into_garbage(e, l.Closed(e));
      },
      Code(-MIO_EBADF));
  row(
      "nothing queued",
      [l, accept_into_garbage](Env& e) {
        return accept_into_garbage(e, l.Live(e));
      },
      Code(-MIO_EAGAIN));
  row(
      "nothing queued, peerlen without peer",
      [f, l, s](Env& e) {
        socklen_t n = 77;
        return ToValue(f.fn(l.Live(e), s.Zero(e), nullptr, &n));
      },
      Code(-MIO_EAGAIN));
}

// The Obj of value type T: MIO_OBJ(mio_tcp_stream, tcp_stream).
#define MIO_OBJ(T, live)                                 \
  ::mio_contract::Obj<T> {                               \
    &::mio_contract::Env::live, T##_close, T##_as_raw_fd \
  }

}  // namespace mio_contract

#endif  // MIO_TESTING_CONTRACT_ROWS_COMMON_H_
