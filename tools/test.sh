#!/usr/bin/env bash
# Every test of dunning_be: the pure core with plain pytest, then the Odoo tests
# with pytest-odoo in databases made from cached templates (tools/initdb.sh).
# Exits non-zero on any failure, and when no test ran at all.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. tools/env.sh
mkdir -p .odoo
rm -f .odoo/junit-*.xml
status=0

# First, in a second: every test_*.py of an addon's tests/ is imported by its
# tests/__init__.py, or Odoo's own runner (odoo --test-enable) never runs it.
echo "== test imports"
if ! "$PYTHON" tools/check_test_imports.py; then
    echo "test: a test file is not imported by its tests/__init__.py (above): add the import, then run make test again" >&2
    exit 1
fi

run() {  # run NAME pytest-args...: one pytest session, its summary kept in junit-NAME.xml
    local name=$1
    shift
    echo "== $name"
    "$PYTHON" -m pytest -p no:cacheprovider -q -W "ignore:the load_module:DeprecationWarning" \
        --junitxml=".odoo/junit-$name.xml" "$@"
    local rc=$?
    # pytest exits 5 when it collected nothing: that is a failure here too.
    if [ $rc -ne 0 ]; then
        echo "test: $name failed (pytest exit code $rc)" >&2
        status=1
    fi
}

run lib -c dunning_be/lib/tests/pytest.ini dunning_be/lib/tests

# The HTTP tests (the portal) get a server of their own, on another port than
# a demo server that may be running.
TEST_CONF=.odoo/odoo-test.conf
sed "s/^http_port *=.*/http_port = ${TEST_HTTP_PORT:-8169}/" "$ODOO_CONF" >"$TEST_CONF"

# The job queue bridge's tests: OCA's queue_job from the registry, on an
# addons path of their own (tools/oca.sh; its Python package on PYTHONPATH,
# tools/env.sh).
QUEUE_CONF=.odoo/odoo-test-queue.conf
queue_ready=0
if oca=$(bash tools/oca.sh queue-job); then
    sed "s|^addons_path *=.*|&,$oca|" "$TEST_CONF" >"$QUEUE_CONF"
    queue_ready=1
else
    echo "test: installing queue_job from the registry failed (tools/oca.sh queue-job)" >&2
    status=1
fi

if bash tools/initdb.sh "$TEST_DB" no-demo && bash tools/initdb.sh "$TEST_DEMO_DB" demo \
    && bash tools/initdb.sh "$TEST_SALE_DB" no-demo dunning_be_sale,purchase; then
    # Every Odoo test in a database without demo data: none may rely on it.
    run odoo --odoo-config "$TEST_CONF" --odoo-http --odoo-database "$TEST_DB" dunning_be/tests
    # The demo data's own tests, in a database with it: its story, its
    # figures side by side on every screen, and a credit controller's morning
    # in the browser.
    run demo --odoo-config "$TEST_CONF" --odoo-http --odoo-database "$TEST_DEMO_DB" \
        dunning_be/tests/test_demo_data.py \
        dunning_be/tests/test_figures.py::TestDemoFiguresAgree \
        dunning_be/tests/test_morning_tour.py
    # The bridge with Sales, in a database of its own: sale changes invoices,
    # and dunning_be's own tests run without it. Purchase too, for the
    # purchase user's vendors and bills; a salesperson's tour in the browser.
    run sale --odoo-config "$TEST_CONF" --odoo-http --odoo-database "$TEST_SALE_DB" \
        dunning_be_sale/tests
else
    status=1
fi
# The bridge with OCA's job queue, in a database of its own: the daily run's
# batches in jobs (dunning_be's own tests run without it). Apart, so that a
# registry that fails us stops these tests only.
if [ "$queue_ready" = 1 ] \
    && ODOO_CONF=$QUEUE_CONF bash tools/initdb.sh "$TEST_QUEUE_DB" no-demo dunning_be_queue; then
    run queue --odoo-config "$QUEUE_CONF" --odoo-database "$TEST_QUEUE_DB" \
        dunning_be_queue/tests
else
    status=1
fi

"$PYTHON" - <<'PY' || status=1
import glob
import sys
import xml.etree.ElementTree as ET

# Each test once, by its testcase: a suite's "tests" counts subtests too.
passed = failed = skipped = suite_bad = 0
for path in sorted(glob.glob(".odoo/junit-*.xml")):
    root = ET.parse(path).getroot()
    for suite in root.iter("testsuite"):
        suite_bad += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
# A failed subtest counts in its suite even if its test passed.
failed = max(failed, suite_bad)
print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not passed else 0)
PY
exit $status
