// Rows for the Registry's own argument checks (API.md §3 validity, §4, §7.1,
// §7.2, §15.2) and for mio_source_fd (§12.2). The per-type state checks of
// built-in sources are in rows_value.cc.
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "testing/contract/env.h"
#include "testing/contract/row.h"

namespace mio_contract {
namespace {

constexpr mio_interest kR = MIO_INTEREST_READABLE;

// A custom source whose ops return a recognisable code, and variants with
// missing ops. Ops must never be called with bad arguments.
int CustomOp(mio_source*, const mio_registry*, mio_token, mio_interest) {
  return -12345;
}
int CustomDeregister(mio_source*, const mio_registry*) { return -12346; }
const mio_source_ops kCustomOps = {CustomOp, CustomOp, CustomDeregister};
const mio_source_ops kNoOps = {nullptr, nullptr, nullptr};
mio_source custom_src = {&kCustomOps};
mio_source no_ops_src = {&kNoOps};
mio_source null_ops_src = {nullptr};

// The interests that register/reregister must reject (§3 validity).
struct BadInterest {
  const char* what;
  mio_interest interest;
};
const BadInterest kBadInterests[] = {
    {"interest NONE", MIO_INTEREST_NONE},
    {"interest 0x20", 0x20},
    {"interest 0x40 | READABLE", 0x41},
    {"interest 0x80 | WRITABLE", 0x82},
    {"interest 0xFF", 0xFF},
    {"interest AIO (not on Linux)", MIO_INTEREST_AIO},
    {"interest LIO (not on Linux)", MIO_INTEREST_LIO},
    {"interest READABLE | AIO", MIO_INTEREST_READABLE | MIO_INTEREST_AIO},
    {"interest ALL (has AIO and LIO)", MIO_INTEREST_ALL},
};

void AddArgumentRows(Rows& rows) {
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_registry_register, "NULL registry",
                  (nullptr, &custom_src, 1, kR), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_register, "NULL source",
                  (e.reg(), nullptr, 1, kR), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_register, "NULL ops",
                  (e.reg(), &null_ops_src, 1, kR), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_register, "NULL register_fn",
                  (e.reg(), &no_ops_src, 1, kR), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_register, "custom op code passes through",
                  (e.reg(), &custom_src, 1, kR), Code(-12345)),
          MIO_ROW(mio_registry_reregister, "NULL registry",
                  (nullptr, &custom_src, 1, kR), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_reregister, "NULL source",
                  (e.reg(), nullptr, 1, kR), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_reregister, "NULL ops",
                  (e.reg(), &null_ops_src, 1, kR), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_reregister, "NULL reregister_fn",
                  (e.reg(), &no_ops_src, 1, kR), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_reregister, "custom op code passes through",
                  (e.reg(), &custom_src, 1, kR), Code(-12345)),
          MIO_ROW(mio_registry_deregister, "NULL registry",
                  (nullptr, &custom_src), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_deregister, "NULL source", (e.reg(), nullptr),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_deregister, "NULL ops", (e.reg(), &null_ops_src),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_deregister, "NULL deregister_fn",
                  (e.reg(), &no_ops_src), Code(-MIO_EINVAL)),
          MIO_ROW(mio_registry_deregister, "custom op code passes through",
                  (e.reg(), &custom_src), Code(-12346)),
          MIO_ROW(mio_registry_try_clone, "NULL out", (e.reg(), nullptr),
                  Code(-MIO_EINVAL)),
          Row{MIO_FN(mio_registry_try_clone),
              "NULL registry (out set to NULL)",
              [](Env&) {
                mio_registry* out = reinterpret_cast<mio_registry*>(&out);
                Value v = ToValue(mio_registry_try_clone(nullptr, &out));
                EXPECT_EQ(out, nullptr);
                return v;
              },
              Code(-MIO_EINVAL),
              {}},
          Row{MIO_FN(mio_registry_try_clone),
              "clone of a freed Poll's clone",
              [](Env& e) {
                mio_registry* out = nullptr;
                Value v =
                    ToValue(mio_registry_try_clone(e.orphan_clone(), &out));
                mio_registry_free(out);
                return v;
              },
              kOk,
              {}},
          MIO_ROW(mio_registry_free, "NULL", (nullptr), kOk),
          Row{MIO_FN(mio_registry_free),
              "the borrowed registry is a no-op",
              [](Env& e) {
                mio_registry_free(const_cast<mio_registry*>(e.reg()));
                // The Poll and its registry still work.
                EXPECT_EQ(mio_registry_register(e.reg(), &custom_src, 1, kR),
                          -12345);
                return ToValue(mio_poll_poll(e.poll(), e.events(), 0));
              },
              kOk,
              {}},
          MIO_ROW(mio_registry_as_raw_fd, "NULL", (nullptr), Code(-MIO_EINVAL)),
          Row{MIO_FN(mio_registry_as_raw_fd),
              "clone of a freed Poll",
              [](Env& e) {
                int fd = mio_registry_as_raw_fd(e.orphan_clone());
                return ToValue(kPollBackend ? fd : (fd >= 0 ? 0 : fd));
              },
              kPollBackend ? Code(-MIO_ENOTSUP) : kOk,
              {}},
      });
}

// Each bad interest on register and reregister; the op is never called.
void AddInterestRows(Rows& rows) {
  for (const BadInterest& b : kBadInterests) {
    mio_interest i = b.interest;
    rows.push_back(Row{MIO_FN(mio_registry_register),
                       b.what,
                       [i](Env& e) {
                         return ToValue(
                             mio_registry_register(e.reg(), &custom_src, 1, i));
                       },
                       Code(-MIO_EINVAL),
                       {}});
    rows.push_back(Row{MIO_FN(mio_registry_reregister),
                       b.what,
                       [i](Env& e) {
                         return ToValue(mio_registry_reregister(
                             e.reg(), &custom_src, 1, i));
                       },
                       Code(-MIO_EINVAL),
                       {}});
  }
}

// SourceFd borrows an fd and has no association state: misuse is reported
// by the backend (epoll and poll(2) agree on every row here).
void AddSourceFdRows(Rows& rows) {
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_source_fd_init, "NULL", (nullptr, 0), kNull),
          Row{MIO_FN(mio_source_fd_init),
              "fd -1 initializes (register reports)",
              [](Env&) {
                mio_source_fd sfd;
                return ToValue(mio_source_fd_init(&sfd, -1));
              },
              kNonNull,
              {}},
          Row{MIO_FN(mio_source_fd_init),
              "fd -1: register",
              [](Env& e) {
                mio_source_fd sfd;
                return ToValue(mio_registry_register(
                    e.reg(), mio_source_fd_init(&sfd, -1), 1, kR));
              },
              Code(-MIO_EBADF),
              {}},
          Row{MIO_FN(mio_source_fd_init),
              "fd -1: reregister",
              [](Env& e) {
                mio_source_fd sfd;
                return ToValue(mio_registry_reregister(
                    e.reg(), mio_source_fd_init(&sfd, -1), 1, kR));
              },
              Code(-MIO_EBADF),
              {}},
          Row{MIO_FN(mio_source_fd_init),
              "fd -1: deregister",
              [](Env& e) {
                mio_source_fd sfd;
                return ToValue(mio_registry_deregister(
                    e.reg(), mio_source_fd_init(&sfd, -1)));
              },
              Code(-MIO_EBADF),
              {}},
          Row{MIO_FN(mio_source_fd_init),
              "registered twice",
              [](Env& e) {
                mio_source_fd sfd;
                int fd = mio_io_source_as_raw_fd(e.io_source());
                EXPECT_EQ(mio_registry_register(
                              e.reg(), mio_source_fd_init(&sfd, fd), 1, kR),
                          0);
                Value v = ToValue(mio_registry_register(
                    e.reg(), mio_source_fd_init(&sfd, fd), 1, kR));
                EXPECT_EQ(mio_registry_deregister(e.reg(),
                                                  mio_source_fd_init(&sfd, fd)),
                          0);
                return v;
              },
              Code(-MIO_EEXIST),
              {}},
          Row{MIO_FN(mio_source_fd_init),
              "never registered: reregister",
              [](Env& e) {
                mio_source_fd sfd;
                int fd = mio_io_source_as_raw_fd(e.io_source());
                return ToValue(mio_registry_reregister(
                    e.reg(), mio_source_fd_init(&sfd, fd), 1, kR));
              },
              Code(-MIO_ENOENT),
              {}},
          Row{MIO_FN(mio_source_fd_init),
              "never registered: deregister",
              [](Env& e) {
                mio_source_fd sfd;
                int fd = mio_io_source_as_raw_fd(e.io_source());
                return ToValue(mio_registry_deregister(
                    e.reg(), mio_source_fd_init(&sfd, fd)));
              },
              Code(-MIO_ENOENT),
              {}},
          Row{MIO_FN(mio_source_fd_init),
              "interest NONE",
              [](Env& e) {
                mio_source_fd sfd;
                int fd = mio_io_source_as_raw_fd(e.io_source());
                return ToValue(mio_registry_register(
                    e.reg(), mio_source_fd_init(&sfd, fd), 1, 0));
              },
              Code(-MIO_EINVAL),
              {}},
          // The selector descriptor is only reachable where as_raw_fd has one.
          Row{MIO_FN(mio_poll_as_raw_fd),
              kPollBackend ? "poll(2) backend has no selector fd"
                           : "registering the Poll's own fd",
              [](Env& e) {
                int fd = mio_poll_as_raw_fd(e.poll());
                if (fd < 0) return ToValue(fd);
                mio_source_fd sfd;
                return ToValue(mio_registry_register(
                    e.reg(), mio_source_fd_init(&sfd, fd), 1, kR));
              },
              Code(kPollBackend ? -MIO_ENOTSUP : -MIO_EINVAL),
              {}},
      });
}

}  // namespace

void AddRegistryRows(Rows& rows) {
  AddArgumentRows(rows);
  AddInterestRows(rows);
  AddSourceFdRows(rows);
}

}  // namespace mio_contract
