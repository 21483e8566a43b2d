// The bad-input contract (issue 4): every exported function of mio-c called
// with bad input, each row asserting the exact result API.md gives, with
// nothing printed (stdout and stderr are captured around every row) and
// nothing crashing or aborting (a crash ends the binary at the row's RUN
// line). The rows are in rows_*.cc; BadInputCoverage makes the table fail
// when an exported function has no row.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <ostream>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "testing/contract/env.h"
#include "testing/contract/row.h"

namespace mio_contract {
namespace {

// Generated from the library by :mio_api (api_symbols.bzl).
const char* const kDeclared[] = {
#include "testing/contract/mio_api_declared.inc"
};
const char* const kExported[] = {
#include "testing/contract/mio_api_exported.inc"
};

// Redirects descriptors 1 and 2 to a file while a row runs. The file is
// kept in the test's undeclared outputs, so a row that crashes leaves what
// it (or a sanitizer) printed there.
class OutputCapture {
 public:
  OutputCapture() {
    Flush();
    const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR");
    std::string path = std::string(dir != nullptr ? dir : "/tmp") +
                       "/bad_input_row_output.txt";
    file_ = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    saved_out_ = dup(1);
    saved_err_ = dup(2);
    dup2(file_, 1);
    dup2(file_, 2);
  }
  ~OutputCapture() { Finish(); }
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  // Restores the descriptors; returns what was printed.
  std::string Finish() {
    if (file_ < 0) return text_;
    Flush();
    dup2(saved_out_, 1);
    dup2(saved_err_, 2);
    close(saved_out_);
    close(saved_err_);
    char buf[4096];
    ssize_t n;
    lseek(file_, 0, SEEK_SET);
    while ((n = read(file_, buf, sizeof buf)) > 0) text_.append(buf, n);
    close(file_);
    file_ = -1;
    return text_;
  }

 private:
  static void Flush() {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
  }
  int file_ = -1;
  int saved_out_ = -1;
  int saved_err_ = -1;
  std::string text_;
};

// [A-Za-z0-9_] only, as gtest requires for parameter names.
std::string Identifier(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (ok) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

Rows BuildRows() {
  Rows rows;
  AddCoreRows(rows);
  AddRegistryRows(rows);
  AddValueObjectRows(rows);
  AddIpRows(rows);
  AddUnixRows(rows);
  std::map<std::string, int> seen;
  for (Row& r : rows) {
    std::string base = Identifier(r.fn + "__" + r.what);
    int n = ++seen[base];
    r.name = n == 1 ? base : base + "_" + std::to_string(n);
  }
  return rows;
}

class BadInput : public testing::TestWithParam<Row> {};

TEST_P(BadInput, Row) {
  const Row& row = GetParam();
  Value got;
  std::string printed;
  {
    OutputCapture capture;
    {
      Env env;
      got = row.call(env);
    }
    printed = capture.Finish();
  }
  EXPECT_TRUE(printed.empty())
      << row.fn << " with " << row.what << " printed (or the row failed):\n"
      << printed;
  EXPECT_TRUE(got == row.expected)
      << row.fn << " with " << row.what << " returned " << Describe(got)
      << "; API.md gives " << Describe(row.expected);
}

INSTANTIATE_TEST_SUITE_P(Contract, BadInput, testing::ValuesIn(AllRows()),
                         [](const testing::TestParamInfo<Row>& info) {
                           return info.param.name;
                         });

std::set<std::string> Names(const char* const* begin, const char* const* end) {
  return std::set<std::string>(begin, end);
}

TEST(BadInputCoverage, HeadersDeclareExactlyTheExportedFunctions) {
  std::set<std::string> declared =
      Names(std::begin(kDeclared), std::end(kDeclared));
  std::set<std::string> exported =
      Names(std::begin(kExported), std::end(kExported));
  for (const std::string& f : declared) {
    EXPECT_TRUE(exported.count(f)) << f << " is declared but not exported";
  }
  for (const std::string& f : exported) {
    EXPECT_TRUE(declared.count(f)) << f << " is exported but not declared";
  }
  EXPECT_GT(declared.size(), 100u) << "the header scan found too little";
}

TEST(BadInputCoverage, EveryExportedFunctionHasARow) {
  std::map<std::string, int> per_fn;
  for (const Row& r : AllRows()) per_fn[r.fn]++;
  for (const char* f : kExported) {
    EXPECT_GT(per_fn[f], 0) << f << " has no row in the bad-input table";
  }
  std::printf("bad-input table: %zu exported functions, %zu rows\n",
              std::size(kExported), AllRows().size());
}

TEST(BadInputCoverage, EveryRowNamesAnExportedFunction) {
  std::set<std::string> exported =
      Names(std::begin(kExported), std::end(kExported));
  for (const Row& r : AllRows()) {
    EXPECT_TRUE(exported.count(r.fn)) << r.name << " names " << r.fn;
  }
}

}  // namespace

std::string Describe(const Value& v) {
  if (const Ptr* p = std::get_if<Ptr>(&v)) {
    return *p == Ptr::kNull ? "NULL" : "non-NULL";
  }
  if (const std::string* s = std::get_if<std::string>(&v)) {
    return "\"" + *s + "\"";
  }
  int64_t i = std::get<int64_t>(v);
  if (i < 0 && i > -4096) {
    return std::to_string(i) + " (" + mio_strerror(static_cast<int>(i)) + ")";
  }
  return std::to_string(i);
}

// gtest prints a failing parameter with this.
void PrintTo(const Row& row, std::ostream* os) {
  *os << row.fn << " with " << row.what;
}

const Rows& AllRows() {
  static const Rows rows = BuildRows();
  return rows;
}

}  // namespace mio_contract
