// Every public header compiles alone in C99/C11/C17 and C++11/14/17/20 with
// -Wall -Wextra -pedantic -Werror (header_test.bzl generates the units), and
// every mode sees the same values as this C++17 file: constants, type sizes,
// inline helpers and the addresses of the exported C functions.
#include <stddef.h>

#include <string>

#include "gtest/gtest.h"

// One generated translation unit: `header` (or the reverse-order set)
// compiled as `mode`.
struct HeaderUnit {
  const char *what;
  const char *mode;
  const char *id;
  size_t (*compiled)(size_t *out);  // probes as seen by the unit
  size_t (*expected)(size_t *out);  // the same probes, evaluated here
  const char *const *probes;        // their source text
};

// Declares the units, their expected values and kHeaderUnits: the table
// header_test.bzl generated for this test (MIO_HDRTEST_TABLE is its path).
#include MIO_HDRTEST_TABLE

namespace {

class PublicHeader : public testing::TestWithParam<HeaderUnit> {};

TEST_P(PublicHeader, CompilesAloneAndAgreesWithCxx17) {
  const HeaderUnit &u = GetParam();
  size_t got[MIO_HDRTEST_MAX_PROBES];
  size_t want[MIO_HDRTEST_MAX_PROBES];
  const size_t n = u.compiled(got);
  ASSERT_EQ(n, u.expected(want));
  ASSERT_GT(n, 0u);
  for (size_t i = 0; i < n; i++) {
    EXPECT_EQ(got[i], want[i])
        << u.what << " as " << u.mode << ": " << u.probes[i];
  }
}

INSTANTIATE_TEST_SUITE_P(EveryMode, PublicHeader,
                         testing::ValuesIn(kHeaderUnits),
                         [](const testing::TestParamInfo<HeaderUnit> &info) {
                           return std::string(info.param.id);
                         });

TEST(PublicHeaders, FunctionProbesAreRealSymbols) {
  // A probe naming an undefined symbol would have failed to link; a weak or
  // otherwise null one is caught here.
  size_t v[MIO_HDRTEST_MAX_PROBES];
  const size_t n = mio_hdrtest_reverse_expected(v);
  size_t functions = 0;
  for (size_t i = 0; i < n; i++) {
    if (std::string(kProbes_reverse[i]).rfind("fn:", 0) != 0) continue;
    functions++;
    EXPECT_NE(v[i], 0u) << kProbes_reverse[i];
  }
  EXPECT_GT(functions, 10u);
}

}  // namespace
