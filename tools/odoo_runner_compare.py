"""Odoo's test runner and pytest-odoo ran the same tests (tools/odoo_runner.sh).

Reads the log of ``odoo -u dunning_be --test-enable --stop-after-init`` and the
junit file of pytest-odoo's run of dunning_be/tests, and fails when Odoo's
runner reports a failure or an error, or when the two did not run (or skip)
the same tests. Skipped tests count on both sides.
Usage: python3 tools/odoo_runner_compare.py ODOO_LOG JUNIT_XML DBNAME ODOO_EXIT_CODE
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# odoo/service/server.py, at the end of --stop-after-init with --test-enable,
# logs OdooTestResult as "<failures> failed, <errors> error(s) of <testsRun>
# tests when loading database '<db>'". testsRun counts every test that started,
# skipped ones included (a test skipped in setUp has started first).
SUMMARY = re.compile(
    r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests "
    r"when loading database '([^']*)'"
)
# Each test logs "Starting Class.method ..." (OdooTestResult.startTest) and,
# when skipped, "skipped Class.method : reason" (addSkip), on the logger of its
# module, odoo.addons.<addon>.tests.<test_x>.
TEST_LINE = re.compile(r" odoo\.addons\.\w+\.tests\.(\w+): (Starting|skipped) ([\w.]+)")
# OdooTestResult.logError: "FAIL: Class.method" or "ERROR: ...", then the traceback.
FAIL_LINE = re.compile(r"^.* ERROR .*: (?:FAIL|ERROR): .*$", re.MULTILINE)

DISAGREE_HINT = (
    "Odoo's runner and pytest-odoo disagree. A test that runs under pytest-odoo "
    "only is usually not imported by tests/__init__.py, tagged out of 'standard', "
    "inherited from a base class (Odoo runs the test methods a class defines, not "
    "those it inherits) or a test class imported into another test file "
    "(pytest runs it there too)."
)


def odoo_tests(log, db):
    """``(failed, errors, total, started, skipped)`` of Odoo's runner, or None
    when it logged no summary for ``db``."""
    summary = [s for s in SUMMARY.findall(log) if s[3] == db]
    if not summary:
        return None
    failed, errors, total = (int(n) for n in summary[-1][:3])
    started, skipped = set(), set()
    for module, what, desc in TEST_LINE.findall(log):
        cls, _, method = desc.rpartition(".")
        (started if what == "Starting" else skipped).add(f"{module}.{cls}.{method}")
    return failed, errors, total, started, skipped


def pytest_tests(junit_path):
    """``(ran, skipped, failed)`` of a junit file: ran and skipped are sets of
    "test_x.Class.method"; subtests are not tests of their own here."""
    ran, skipped, failed = set(), set(), 0
    for case in ET.parse(junit_path).getroot().iter("testcase"):
        module, cls = case.get("classname").split(".")[-2:]
        key = f"{module}.{cls}.{case.get('name')}"
        ran.add(key)
        if case.find("skipped") is not None:
            skipped.add(key)
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
    return ran, skipped, failed


def listed(tests):
    names = sorted(tests)
    more = f" and {len(names) - 20} more" if len(names) > 20 else ""
    return ", ".join(names[:20]) + more


def compare(log_path, junit_path, db, rc):
    """The lines to print and the exit code."""
    log = Path(log_path).read_text(encoding="utf-8", errors="replace")
    found = odoo_tests(log, db)
    if found is None:
        tail = "\n".join(log.splitlines()[-30:])
        why = (
            f"odoo-runner: Odoo's runner logged no test summary for {db} "
            f"(exit code {rc}); the end of its log {log_path} is above"
        )
        return [tail, why], 1
    failed, errors, total, started, skipped = found
    ran, py_skipped, py_failed = pytest_tests(junit_path)
    counts = (
        f"odoo-runner: Odoo's runner ran {total} tests of dunning_be ({len(skipped)} "
        f"skipped, {failed} failed, {errors} error(s)); pytest-odoo ran {len(ran)} "
        f"({len(py_skipped)} skipped, {py_failed} failed or in error)"
    )
    out = [counts]
    if rc != 0 or failed or errors:
        out += FAIL_LINE.findall(log)[:20]
        out.append(
            f"odoo-runner: Odoo's runner reports {failed} failed and {errors} "
            f"error(s) (exit code {rc}); the tracebacks are in {log_path}"
        )
        return out, 1
    bad = []
    if total != len(started):
        bad.append(f"Odoo's summary counts {total} tests, its log {len(started)}")
    for name, only in (("Odoo", started - ran), ("pytest-odoo", ran - started)):
        if only:
            bad.append(f"{len(only)} test(s) ran under {name} only: {listed(only)}")
    if total != len(ran) and not bad:
        bad.append(f"Odoo's runner ran {total} tests, pytest-odoo {len(ran)}")
    if skipped != py_skipped:
        bad.append(
            f"they skip different tests: Odoo's runner only "
            f"[{listed(skipped - py_skipped)}], pytest-odoo only "
            f"[{listed(py_skipped - skipped)}]"
        )
    if bad:
        return out + [f"odoo-runner: {line}" for line in bad + [DISAGREE_HINT]], 1
    passed = total - len(skipped)
    return out + [f"odoo-runner: {passed} passed, 0 failed, {len(skipped)} skipped"], 0


def main():
    log_path, junit_path, db, rc = sys.argv[1:5]
    lines, code = compare(log_path, junit_path, db, int(rc))
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
