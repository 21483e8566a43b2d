// Rows shared by every value object (API.md §2.3, §7.1, §7.3-§7.6, §11.2
// "these three rules hold for every type"): the ownership functions
// (from_raw_fd / init, as_raw_fd, into_raw_fd, close, source, try_io /
// do_io) and the registry calls on each type's source.
#include <unistd.h>

#include <climits>
#include <string>

#include "gtest/gtest.h"
#include "testing/contract/env.h"
#include "testing/contract/row.h"

namespace mio_contract {
namespace {

// One value type's ownership functions and how to get a live one.
template <typename T>
struct ValueType {
  Named<int (*)(T*, mio_raw_fd)> from_raw_fd;  // mio_io_source_init too
  Named<mio_raw_fd (*)(const T*)> as_raw_fd;
  Named<mio_raw_fd (*)(T*)> into_raw_fd;
  Named<int (*)(T*)> close;
  Named<mio_source* (*)(T*)> source;
  Named<ptrdiff_t (*)(const T*, mio_io_fn, void*)> try_io;
  T* (Env::*live)();
};

// An io callback that counts its calls in *(int*)ctx and returns 7.
ptrdiff_t CountingFn(void* ctx) {
  ++*static_cast<int*>(ctx);
  return 7;
}

// The object after `close` (or after into_raw_fd, whose fd is closed here).
template <typename T>
T* Closed(Env& e, const ValueType<T>& t, bool via_into_raw_fd) {
  T* obj = (e.*t.live)();
  if (via_into_raw_fd) {
    int fd = t.into_raw_fd.fn(obj);
    EXPECT_GE(fd, 0);
    if (fd >= 0) close(fd);
  } else {
    EXPECT_EQ(t.close.fn(obj), 0);
  }
  return obj;
}

// try_io on `obj`; a call of fn is reported as a failure (API.md §15.3).
template <typename T>
Value TryIoNotCalled(const ValueType<T>& t, const T* obj) {
  int calls = 0;
  Value v = ToValue(t.try_io.fn(obj, CountingFn, &calls));
  EXPECT_EQ(calls, 0) << t.try_io.name << " called fn on a closed object";
  return v;
}

template <typename T>
void AddOwnershipRows(Rows& rows, const ValueType<T>& t) {
  auto row = [&](const char* fn, const char* what,
                 std::function<Value(Env&)> call, Value expected) {
    rows.push_back(Row{fn, what, std::move(call), std::move(expected), {}});
  };
  for (int fd : {-1, -2, INT_MIN}) {
    row(
        t.from_raw_fd.name, ("fd " + std::to_string(fd)).c_str(),
        [t, fd](Env& e) {
          T* out = e.Garbage(t.close.fn);
          Value v = ToValue(t.from_raw_fd.fn(out, fd));
          EXPECT_EQ(t.as_raw_fd.fn(out), MIO_INVALID_RAW_FD)
              << "out not closed";
          return v;
        },
        Code(-MIO_EBADF));
  }
  row(
      t.from_raw_fd.name, "NULL out",
      [t](Env&) { return ToValue(t.from_raw_fd.fn(nullptr, -1)); },
      Code(-MIO_EINVAL));

  row(
      t.as_raw_fd.name, "NULL",
      [t](Env&) { return ToValue(t.as_raw_fd.fn(nullptr)); }, kInvalidFd);
  row(
      t.as_raw_fd.name, "zeroed object",
      [t](Env& e) { return ToValue(t.as_raw_fd.fn(e.Zero(t.close.fn))); },
      kInvalidFd);
  for (bool into : {false, true}) {
    const char* what = into ? "after into_raw_fd" : "after close";
    row(
        t.as_raw_fd.name, what,
        [t, into](Env& e) {
          return ToValue(t.as_raw_fd.fn(Closed(e, t, into)));
        },
        kInvalidFd);
    row(
        t.into_raw_fd.name, what,
        [t, into](Env& e) {
          return ToValue(t.into_raw_fd.fn(Closed(e, t, into)));
        },
        kInvalidFd);
    row(
        t.close.name, what,
        [t, into](Env& e) { return ToValue(t.close.fn(Closed(e, t, into))); },
        kOk);
    row(
        t.try_io.name, what,
        [t, into](Env& e) { return TryIoNotCalled(t, Closed(e, t, into)); },
        Code(-MIO_EBADF));
    row(
        t.source.name, what,
        [t, into](Env& e) { return ToValue(t.source.fn(Closed(e, t, into))); },
        kNonNull);
  }
  row(
      t.into_raw_fd.name, "NULL",
      [t](Env&) { return ToValue(t.into_raw_fd.fn(nullptr)); }, kInvalidFd);
  row(
      t.into_raw_fd.name, "zeroed object",
      [t](Env& e) { return ToValue(t.into_raw_fd.fn(e.Zero(t.close.fn))); },
      kInvalidFd);
  row(
      t.close.name, "NULL", [t](Env&) { return ToValue(t.close.fn(nullptr)); },
      Code(-MIO_EINVAL));
  row(
      t.close.name, "zeroed object",
      [t](Env& e) { return ToValue(t.close.fn(e.Zero(t.close.fn))); }, kOk);
  row(
      t.source.name, "NULL",
      [t](Env&) { return ToValue(t.source.fn(nullptr)); }, kNull);
  row(
      t.source.name, "zeroed object",
      [t](Env& e) { return ToValue(t.source.fn(e.Zero(t.close.fn))); },
      kNonNull);
  row(
      t.try_io.name, "NULL object",
      [t](Env&) {
        int calls = 0;
        return ToValue(t.try_io.fn(nullptr, CountingFn, &calls));
      },
      Code(-MIO_EINVAL));
  row(
      t.try_io.name, "NULL fn",
      [t](Env& e) {
        return ToValue(t.try_io.fn((e.*t.live)(), nullptr, nullptr));
      },
      Code(-MIO_EINVAL));
  row(
      t.try_io.name, "NULL fn, zeroed object (arguments first)",
      [t](Env& e) {
        return ToValue(t.try_io.fn(e.Zero(t.close.fn), nullptr, nullptr));
      },
      Code(-MIO_EINVAL));
  row(
      t.try_io.name, "zeroed object",
      [t](Env& e) { return TryIoNotCalled(t, e.Zero(t.close.fn)); },
      Code(-MIO_EBADF));
}

// Registry calls on a built-in source in each bad state (§7.5, §15.3-4).
template <typename T>
void AddRegistrationRows(Rows& rows, const std::string& type,
                         const ValueType<T>& t) {
  const char* reg = MIO_FN(mio_registry_register);
  const char* rereg = MIO_FN(mio_registry_reregister);
  const char* dereg = MIO_FN(mio_registry_deregister);
  constexpr mio_interest kR = MIO_INTEREST_READABLE;
  auto row = [&](const char* fn, const std::string& what,
                 std::function<Value(Env&)> call, Value expected) {
    rows.push_back(
        Row{fn, type + ": " + what, std::move(call), std::move(expected), {}});
  };
  auto src = [t](Env& e) { return t.source.fn((e.*t.live)()); };
  auto src_b = [t](Env& e) {  // registered with Poll B
    mio_source* s = t.source.fn((e.*t.live)());
    EXPECT_EQ(mio_registry_register(e.reg_b(), s, 2, kR), 0);
    return s;
  };
  auto src_a = [t](Env& e) {  // registered with Poll A
    mio_source* s = t.source.fn((e.*t.live)());
    EXPECT_EQ(mio_registry_register(e.reg(), s, 1, kR), 0);
    return s;
  };

  for (bool into : {false, true}) {
    std::string how = into ? "after into_raw_fd" : "after close";
    row(
        reg, how,
        [t, into](Env& e) {
          return ToValue(mio_registry_register(
              e.reg(), t.source.fn(Closed(e, t, into)), 1, kR));
        },
        Code(-MIO_EBADF));
    row(
        rereg, how,
        [t, into](Env& e) {
          return ToValue(mio_registry_reregister(
              e.reg(), t.source.fn(Closed(e, t, into)), 1, kR));
        },
        Code(-MIO_EBADF));
    row(
        dereg, "registered, then " + how,
        [t, into, src_a](Env& e) {
          src_a(e);
          return ToValue(mio_registry_deregister(
              e.reg(), t.source.fn(Closed(e, t, into))));
        },
        Code(-MIO_EBADF));
  }
  row(
      reg, "zeroed object",
      [t](Env& e) {
        return ToValue(mio_registry_register(
            e.reg(), t.source.fn(e.Zero(t.close.fn)), 1, kR));
      },
      Code(-MIO_EBADF));
  row(
      rereg, "zeroed object",
      [t](Env& e) {
        return ToValue(mio_registry_reregister(
            e.reg(), t.source.fn(e.Zero(t.close.fn)), 1, kR));
      },
      Code(-MIO_EBADF));
  row(
      dereg, "zeroed object",
      [t](Env& e) {
        return ToValue(
            mio_registry_deregister(e.reg(), t.source.fn(e.Zero(t.close.fn))));
      },
      Code(-MIO_EBADF));
  row(
      rereg, "never registered",
      [src](Env& e) {
        return ToValue(mio_registry_reregister(e.reg(), src(e), 1, kR));
      },
      Code(-MIO_ENOENT));
  row(
      dereg, "never registered",
      [src](Env& e) {
        return ToValue(mio_registry_deregister(e.reg(), src(e)));
      },
      Code(-MIO_ENOENT));
  row(
      dereg, "deregistered twice",
      [src_a](Env& e) {
        mio_source* s = src_a(e);
        EXPECT_EQ(mio_registry_deregister(e.reg(), s), 0);
        return ToValue(mio_registry_deregister(e.reg(), s));
      },
      Code(-MIO_ENOENT));
  row(
      reg, "registered twice with one Poll",
      [src_a](Env& e) {
        return ToValue(mio_registry_register(e.reg(), src_a(e), 3, kR));
      },
      Code(-MIO_EEXIST));
  row(
      reg, "registered with another Poll",
      [src_b](Env& e) {
        return ToValue(mio_registry_register(e.reg(), src_b(e), 1, kR));
      },
      Code(-MIO_EEXIST));
  row(
      rereg, "registered with another Poll",
      [src_b](Env& e) {
        return ToValue(mio_registry_reregister(e.reg(), src_b(e), 1, kR));
      },
      Code(-MIO_EEXIST));
  row(
      dereg, "registered with another Poll",
      [src_b](Env& e) {
        return ToValue(mio_registry_deregister(e.reg(), src_b(e)));
      },
      Code(-MIO_EEXIST));
  row(
      dereg, "another Poll's failed deregister leaves it registered there",
      [src_b](Env& e) {
        mio_source* s = src_b(e);
        EXPECT_EQ(mio_registry_deregister(e.reg(), s), -MIO_EEXIST);
        return ToValue(mio_registry_deregister(e.reg_b(), s));
      },
      kOk);
  for (mio_interest bad : {mio_interest{0}, mio_interest{0x20}}) {
    std::string what = "interest " + std::to_string(bad);
    row(
        reg, what + " leaves it unregistered",
        [src, bad](Env& e) {
          mio_source* s = src(e);
          EXPECT_EQ(mio_registry_register(e.reg(), s, 1, bad), -MIO_EINVAL);
          return ToValue(mio_registry_deregister(e.reg(), s));
        },
        Code(-MIO_ENOENT));
    row(
        rereg, what + " of a registered source",
        [src_a, bad](Env& e) {
          return ToValue(mio_registry_reregister(e.reg(), src_a(e), 1, bad));
        },
        Code(-MIO_EINVAL));
  }
  // A Poll freed under a registered source / a surviving clone (§4, §15.4).
  row(
      MIO_FN(mio_poll_free), "with " + type + " still registered",
      [t](Env& e) {
        mio_poll* p = nullptr;
        EXPECT_EQ(mio_poll_new(&p), 0);
        T* obj = (e.*t.live)();
        EXPECT_EQ(mio_registry_register(mio_poll_registry(p), t.source.fn(obj),
                                        1, kR),
                  0);
        mio_poll_free(p);
        return ToValue(t.close.fn(obj));  // the only call allowed afterwards
      },
      kOk);
  row(
      reg, "through a clone of a freed Poll",
      [src](Env& e) {
        return ToValue(mio_registry_register(e.orphan_clone(), src(e), 1, kR));
      },
      kOk);
  row(
      dereg, "through a clone of a freed Poll",
      [src](Env& e) {
        mio_source* s = src(e);
        EXPECT_EQ(mio_registry_register(e.orphan_clone(), s, 1, kR), 0);
        return ToValue(mio_registry_deregister(e.orphan_clone(), s));
      },
      kOk);
}

template <typename T>
void AddType(Rows& rows, const std::string& type, const ValueType<T>& t) {
  AddOwnershipRows(rows, t);
  AddRegistrationRows(rows, type, t);
}

#define MIO_VALUE_TYPE(T, ctor, io, live)                                      \
  ValueType<T> {                                                               \
    MIO_NAMED(ctor), MIO_NAMED(T##_as_raw_fd), MIO_NAMED(T##_into_raw_fd),     \
        MIO_NAMED(T##_close), MIO_NAMED(T##_source), MIO_NAMED(io), &Env::live \
  }

}  // namespace

void AddValueObjectRows(Rows& rows) {
  AddType(rows, "mio_tcp_listener",
          MIO_VALUE_TYPE(mio_tcp_listener, mio_tcp_listener_from_raw_fd,
                         mio_tcp_listener_try_io, tcp_listener));
  AddType(rows, "mio_tcp_stream",
          MIO_VALUE_TYPE(mio_tcp_stream, mio_tcp_stream_from_raw_fd,
                         mio_tcp_stream_try_io, tcp_stream));
  AddType(rows, "mio_udp_socket",
          MIO_VALUE_TYPE(mio_udp_socket, mio_udp_socket_from_raw_fd,
                         mio_udp_socket_try_io, udp));
  AddType(rows, "mio_unix_listener",
          MIO_VALUE_TYPE(mio_unix_listener, mio_unix_listener_from_raw_fd,
                         mio_unix_listener_try_io, unix_listener));
  AddType(rows, "mio_unix_stream",
          MIO_VALUE_TYPE(mio_unix_stream, mio_unix_stream_from_raw_fd,
                         mio_unix_stream_try_io, unix_stream));
  AddType(rows, "mio_unix_datagram",
          MIO_VALUE_TYPE(mio_unix_datagram, mio_unix_datagram_from_raw_fd,
                         mio_unix_datagram_try_io, unix_datagram));
  AddType(rows, "mio_pipe_sender",
          MIO_VALUE_TYPE(mio_pipe_sender, mio_pipe_sender_from_raw_fd,
                         mio_pipe_sender_try_io, pipe_tx));
  AddType(rows, "mio_pipe_receiver",
          MIO_VALUE_TYPE(mio_pipe_receiver, mio_pipe_receiver_from_raw_fd,
                         mio_pipe_receiver_try_io, pipe_rx));
  AddType(rows, "mio_io_source",
          MIO_VALUE_TYPE(mio_io_source, mio_io_source_init, mio_io_source_do_io,
                         io_source));
}

}  // namespace mio_contract
