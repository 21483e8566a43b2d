#!/usr/bin/env python3
"""Counts test cases of `bazel test` runs for tools/test.

Each run is given as NAME:EXIT_CODE:SECONDS:BEP_JSON, where BEP_JSON is the
file written by --build_event_json_file. A non-Bazel check is given as
NAME:EXIT_CODE:SECONDS:- and counts as one case. A build-only run (the
macOS cross builds: nothing here can run them) is given as
NAME:EXIT_CODE:SECONDS:build=BEP_JSON: it counts as one case, passed if
every target built; its "targets" column is the number of binaries
(cc_binary and cc_test) built, and the targets skipped as incompatible are
listed.

Counting rules (one number per test case, so configs add up):
  * every <testcase> in a target's test.xml is one case: failed if it has a
    <failure> or <error>, skipped if GoogleTest skipped or did not run it,
    passed otherwise. Bazel writes a one-case test.xml for tests that do not
    write their own (sh_test), and for GoogleTest binaries that crashed
    before writing theirs.
  * a target whose status is not PASSED/FLAKY but whose test.xml shows no
    failure (leak report at exit, timeout, crash after the xml was written)
    adds one failed case;
  * a test target that was not built or not run adds one failed case,
    except one Bazel skipped as incompatible with the platform
    (target_compatible_with, e.g. POSIX-only suites in the Windows run): it
    is listed in the run's "skipped targets" count, not as a case;
  * a Bazel run that failed without reporting any test adds one failed case.

Prints a table per run, the failures, and finally exactly one line
"N passed, N failed". Exits 1 if anything failed, else 0.
"""

import json
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

PASSING = ("PASSED", "FLAKY")
MAX_LISTED = 30
GTEST_LINE = re.compile(r"^\[ *(RUN|OK|FAILED|SKIPPED) *\] (\S+)")


class Tally:
    def __init__(self, name, rc, seconds):
        self.name = name
        self.rc = rc
        self.seconds = seconds
        self.targets = 0
        self.incompatible = 0  # test targets skipped by target_compatible_with
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.problems = []  # "label: what" lines
        self.notes = []  # oddities that are not failures

    def fail(self, what, n=1):
        self.failed += n
        self.problems.append(what)


def _uri_path(uri):
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "file":
        return None
    return urllib.parse.unquote(parsed.path)


def _gtest_log_cases(text):
    """(passed, failed names, skipped) from GoogleTest's console output, for
    a binary that died before writing its xml; None if it is not gtest's."""
    started = []
    passed, failed, skipped = 0, [], 0
    for line in text.splitlines():
        m = GTEST_LINE.match(line)
        if not m:
            continue
        tag, name = m.group(1).strip(), m.group(2)
        if tag == "RUN":
            started.append(name)
            continue
        if name not in started:
            continue
        started.remove(name)
        if tag == "OK":
            passed += 1
        elif tag == "SKIPPED":
            skipped += 1
        else:
            failed.append(name)
    if not (passed or failed or skipped or started):
        return None
    return passed, failed + [n + " (did not finish)" for n in started], skipped


def _count_xml(path, label, status, tally):
    """Adds the cases of one test.xml; returns how many failed."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        tally.fail("%s: unreadable test.xml (%s)" % (label, e))
        return 1
    cases = list(root.iter("testcase"))
    # Bazel's own xml for a test that wrote none: one case named after it.
    if len(cases) == 1 and not cases[0].get("classname"):
        case = cases[0]
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        if bad is None:
            tally.passed += 1
            return 0
        why = "%s (%s)" % (status, bad.get("message", "").strip())
        log = root.find(".//system-out")
        parsed = _gtest_log_cases(log.text or "") if log is not None else None
        if parsed is None:
            tally.fail("%s: %s" % (label, why))
            return 1
        passed, failed, skipped = parsed
        tally.passed += passed
        tally.skipped += skipped
        for name in failed or ["(after the last case)"]:
            tally.fail("%s: %s %s" % (label, name, why))
        return max(len(failed), 1)
    failed = 0
    for case in cases:
        name = "%s.%s" % (case.get("classname", ""), case.get("name", ""))
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            tally.fail("%s: %s" % (label, name.strip(".")))
        elif (case.find("skipped") is not None or
              case.get("status") == "notrun" or
              case.get("result") in ("skipped", "suppressed")):
            tally.skipped += 1
        else:
            tally.passed += 1
    return failed


def _events(path):
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    yield json.loads(line)
    except OSError:
        return


def count_bazel_run(tally, bep_path):
    test_labels = set()
    built = {}  # label -> bool
    incompatible = set()
    results = {}  # (label, shard, run) -> (attempt, status, xml)
    for ev in _events(bep_path):
        eid = ev.get("id", {})
        if "targetConfigured" in eid:
            kind = ev.get("configured", {}).get("targetKind", "")
            if kind.endswith("_test rule") or "testSize" in ev.get(
                    "configured", {}):
                test_labels.add(eid["targetConfigured"]["label"])
        elif "targetCompleted" in eid:
            label = eid["targetCompleted"]["label"]
            built[label] = bool(ev.get("completed", {}).get("success"))
            if ev.get("aborted", {}).get("reason") == "SKIPPED":
                incompatible.add(label)
        elif "testResult" in eid:
            tid = eid["testResult"]
            res = ev.get("testResult", {})
            xml = None
            for out in res.get("testActionOutput", []):
                if out.get("name") == "test.xml":
                    xml = _uri_path(out.get("uri", ""))
            key = (tid["label"], tid.get("shard", 0), tid.get("run", 0))
            attempt = tid.get("attempt", 1)
            if key not in results or results[key][0] < attempt:
                results[key] = (attempt, res.get("status", "NO_STATUS"), xml)

    tally.targets = len(test_labels - incompatible)
    tally.incompatible = len(test_labels & incompatible)
    ran = {key[0] for key in results}
    for label in sorted(test_labels - ran - incompatible):
        why = "failed to build" if built.get(label) is False else "did not run"
        tally.fail("%s: %s" % (label, why))
    per_label = {}
    for key in results:
        per_label[key[0]] = per_label.get(key[0], 0) + 1
    for (label, shard, run), (_, status, xml) in sorted(results.items()):
        where = label
        if per_label[label] > 1:
            where = "%s (shard %d, run %d)" % (label, shard, run)
        failed = 0
        if xml and os.path.exists(xml):
            cases = Tally(tally.name, 0, 0)
            failed = _count_xml(xml, where, status, cases)
            if status in PASSING and failed:
                # Bazel says it passed, so the failing cases are not this
                # target's: an sh_test ran a gtest binary that expectedly
                # failed and wrote to the inherited XML_OUTPUT_FILE.
                tally.passed += 1
                tally.notes.append("%s: passed, but its test.xml lists %d "
                                   "failed case(s) (a child gtest wrote it?); "
                                   "counted as 1 case" % (where, failed))
                failed = 0
            else:
                tally.passed += cases.passed
                tally.skipped += cases.skipped
                tally.failed += cases.failed
                tally.problems += cases.problems
        elif status in PASSING:
            tally.passed += 1
        if status not in PASSING and failed == 0:
            tally.fail("%s: %s although no case failed (exit code, leak "
                       "report or crash at exit: see its test.log)" %
                       (where, status))
    if tally.rc != 0 and tally.failed == 0:
        tally.fail("bazel exited with code %d" % tally.rc)


def count_build_run(tally, bep_path):
    """One case for a `bazel build` run; binaries counted, exclusions listed."""
    binaries = set()
    built = {}  # label -> bool
    excluded = set()
    for ev in _events(bep_path):
        eid = ev.get("id", {})
        if "targetConfigured" in eid:
            kind = ev.get("configured", {}).get("targetKind", "")
            if kind in ("cc_binary rule", "cc_test rule"):
                binaries.add(eid["targetConfigured"]["label"])
        elif "targetCompleted" in eid:
            label = eid["targetCompleted"]["label"]
            built[label] = bool(ev.get("completed", {}).get("success"))
            if ev.get("aborted", {}).get("reason") == "SKIPPED":
                excluded.add(label)
    tally.targets = len([b for b in binaries if built.get(b)])
    failed = sorted(l for l, ok in built.items()
                    if not ok and l not in excluded)
    for label in failed:
        tally.fail("%s: failed to build" % label)
    if not failed and tally.rc == 0:
        tally.passed = 1
    elif not failed:
        tally.fail("bazel exited with code %d" % tally.rc)
    tally.notes.append("%d binaries built and linked, not run (cc_binary + "
                       "cc_test)" % tally.targets)
    if excluded:
        tally.notes.append("%d target(s) excluded by target_compatible_with: "
                           "%s" % (len(excluded), " ".join(sorted(excluded))))


def main(argv):
    tallies = []
    for spec in argv[1:]:
        name, rc, seconds, bep = spec.split(":", 3)
        t = Tally(name, int(rc), float(seconds))
        if bep == "-":
            t.targets = 1
            if t.rc == 0:
                t.passed = 1
            else:
                t.fail("%s: exit code %d" % (name, t.rc))
        elif bep.startswith("build="):
            count_build_run(t, bep[len("build="):])
        else:
            count_bazel_run(t, bep)
            if t.incompatible:
                t.notes.append("%d test target(s) skipped as incompatible "
                               "with the platform (target_compatible_with)" %
                               t.incompatible)
        tallies.append(t)

    width = max([len(t.name) for t in tallies] + [6])
    print("%-*s %7s %7s %7s %7s %7s" % (width, "config", "targets", "passed",
                                        "failed", "skipped", "time"))
    for t in tallies:
        print("%-*s %7d %7d %7d %7d %6.0fs" % (width, t.name, t.targets,
                                               t.passed, t.failed, t.skipped,
                                               t.seconds))
    notes = [(t.name, n) for t in tallies for n in t.notes]
    if notes:
        print("notes:")
        for name, n in notes[:MAX_LISTED]:
            print("  [%s] %s" % (name, n))
    problems = [(t.name, p) for t in tallies for p in t.problems]
    if problems:
        print("failures:")
        for name, p in problems[:MAX_LISTED]:
            print("  [%s] %s" % (name, p))
        if len(problems) > MAX_LISTED:
            print("  ... and %d more" % (len(problems) - MAX_LISTED))
    passed = sum(t.passed for t in tallies)
    failed = sum(t.failed for t in tallies)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or any(t.rc != 0 for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
