// Corpus replay main for fuzz targets built without libFuzzer (the
// <name>_corpus_test of mio_fuzzer, and <name>_fuzzer outside --config=fuzz).
//
// Usage: replay PATH...   (each PATH a file or a directory of files,
// searched recursively; hidden files are skipped). Every input goes through
// LLVMFuzzerTestOneInput once, like `fuzzer PATH...` does with libFuzzer.
// Exits 1 when no input was found: an empty or missing corpus must fail the
// test instead of passing without exercising anything.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// A weak definition, not a weak reference: Apple's linker rejects an
// undefined weak symbol, and a fuzzer's own LLVMFuzzerInitialize overrides
// this one everywhere.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc,
                                                          char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

namespace {

namespace fs = std::filesystem;

bool ReadFile(const fs::path &p, std::vector<uint8_t> *out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  return !in.bad();
}

bool Hidden(const fs::path &p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// Every regular file under `root` (or `root` itself), in sorted order so runs
// are reproducible.
std::vector<fs::path> Inputs(const fs::path &root) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) {
    files.push_back(root);
    return files;
  }
  if (!fs::is_directory(root, ec)) return files;
  for (fs::recursive_directory_iterator
           it(root, fs::directory_options::follow_directory_symlink, ec),
       end;
       it != end; it.increment(ec)) {
    if (ec) break;
    if (Hidden(it->path())) continue;
    if (fs::is_regular_file(it->path(), ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  size_t total = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;  // libFuzzer flags: ignored here
    const std::vector<fs::path> files = Inputs(argv[i]);
    std::vector<uint8_t> data;
    for (const fs::path &f : files) {
      if (!ReadFile(f, &data)) {
        std::fprintf(stderr, "replay: cannot read %s\n", f.c_str());
        return 1;
      }
      LLVMFuzzerTestOneInput(data.data(), data.size());
    }
    std::printf("replay: ran %zu inputs from %s\n", files.size(), argv[i]);
    total += files.size();
  }
  std::printf("replay: ran %zu inputs in total\n", total);
  if (total == 0) {
    std::fprintf(stderr, "replay: FAIL: no inputs (empty or missing corpus)\n");
    return 1;
  }
  return 0;
}
