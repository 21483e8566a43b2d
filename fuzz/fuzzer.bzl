"""mio_fuzzer: one libFuzzer target plus a corpus-replay test per fuzzer.

    mio_fuzzer(name = "x", srcs = ["x_fuzzer.cc"], deps = [...])

emits
  * `x_fuzzer` (tags manual, fuzzer): with `--config=fuzz` (clang-14, ASan,
    --define=fuzz=1) a libFuzzer binary (`-fsanitize=fuzzer`); in any other
    configuration the same sources linked with the replay main, so it still
    builds (and replays files given on its command line).
  * `x_corpus_test`: a plain cc_test (default toolchain) that replays every
    file of the checked-in corpus `corpus/x` through LLVMFuzzerTestOneInput.
    It fails when the corpus is empty, so `bazel test //...` always replays
    every corpus and can never pass vacuously.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_test")
load("//mio:copts.bzl", "MIO_TEST_COPTS")

_FUZZING = "//mio/config:fuzzing"
_REPLAY_MAIN = "//fuzz:replay_main"

def mio_fuzzer(name, srcs, deps = [], corpus = None, size = "small", target_compatible_with = None):
    """Declares `<name>_fuzzer` and `<name>_corpus_test`.

    Args:
      name: fuzzer name (the corpus directory defaults to `corpus/<name>`).
      srcs: sources defining LLVMFuzzerTestOneInput (C++17).
      deps: libraries under test and helpers.
      corpus: package-relative corpus directory.
      size: size of the corpus test.
      target_compatible_with: passed to both targets (None: every platform).
    """
    compat = {} if target_compatible_with == None else {
        "target_compatible_with": target_compatible_with,
    }
    if corpus == None:
        corpus = "corpus/" + name
    corpus_files = native.glob([corpus + "/**"])
    corpus_path = (native.package_name() + "/" + corpus).lstrip("/")

    # The fuzzer translation units are instrumented for coverage here; the
    # library under test gets -fsanitize=fuzzer-no-link from --config=fuzz.
    cc_binary(
        name = name + "_fuzzer",
        srcs = srcs,
        copts = MIO_TEST_COPTS + select({
            _FUZZING: ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        linkopts = select({
            _FUZZING: ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        deps = deps + select({
            _FUZZING: [],
            "//conditions:default": [_REPLAY_MAIN],
        }),
        tags = ["manual", "fuzzer"],
        **compat
    )

    # Always the replay main, also under --config=fuzz (then ASan-checked).
    cc_test(
        name = name + "_corpus_test",
        srcs = srcs,
        copts = MIO_TEST_COPTS,
        args = [corpus_path],
        data = corpus_files,
        linkstatic = True,
        size = size,
        deps = deps + [_REPLAY_MAIN],
        **compat
    )
