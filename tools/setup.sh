#!/usr/bin/env bash
# Prepare this machine for the Makefile's targets, doing only what is missing:
# check Odoo 19, install the Python and Debian packages, start PostgreSQL with a
# role for the current user, and write the Odoo configuration file.
# Usage: tools/setup.sh [--no-apt]
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh

say() { printf 'setup: %s\n' "$*"; }

# 1. Odoo 19.0 is a prerequisite no registry provides.
series=$("$PYTHON" -c 'import odoo.release as r; print(r.series)' 2>/dev/null || true)
if [ "$series" != "19.0" ]; then
    echo "error: Odoo 19.0 is not importable by $PYTHON (got '${series:-nothing}'): install Odoo 19.0 first, see README.md 'Prerequisites'." >&2
    exit 1
fi

# 2. Python packages of requirements-dev.txt.
if ! "$PYTHON" -c 'import click_odoo_contrib, pytest_odoo, pylint_odoo, whool, phonenumbers' 2>/dev/null \
    || ! command -v ruff >/dev/null; then
    say "installing Python packages from requirements-dev.txt"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
fi

# 3. Debian packages (as root only; otherwise say what is missing).
missing=()
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# The browser tours (HttpCase.start_tour) and tools/screenshot.py.
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        say "installing Debian packages: ${missing[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "error: missing Debian packages ${missing[*]}: run 'sudo apt-get install ${missing[*]}' or 'make' as root." >&2
        exit 1
    fi
fi

# 4. PostgreSQL: start the cluster when nothing answers, and a role for us.
if ! pg_isready -q 2>/dev/null; then
    say "starting PostgreSQL"
    if [ "$(id -u)" = 0 ]; then
        cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
        pg_ctlcluster ${cluster:-15 main} start
    else
        echo "error: PostgreSQL is not running: start it (e.g. 'sudo pg_ctlcluster 15 main start')." >&2
        exit 1
    fi
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
fi
me=$(id -un)
if ! psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        say "creating the PostgreSQL role '$me'"
        su postgres -c "psql -q -c 'CREATE ROLE \"$me\" SUPERUSER LOGIN'"
    else
        echo "error: no PostgreSQL role '$me': run 'sudo -u postgres createuser -s $me'." >&2
        exit 1
    fi
fi

# 5. Odoo's configuration: Odoo's own addons and this repository.
mkdir -p "$(dirname "$ODOO_CONF")" "$ODOO_DATA_DIR"
odoo_addons=$("$PYTHON" - <<'PY'
import os
import odoo.release
# odoo is a namespace package: find its folder from a module of it.
pkg = os.path.dirname(odoo.release.__file__)
paths = [os.path.join(pkg, "addons")]
# A source checkout keeps most addons in <root>/addons, next to odoo/.
extra = os.path.join(os.path.dirname(pkg), "addons")
if os.path.isfile(os.path.join(extra, "account", "__manifest__.py")):
    paths.append(extra)
print(",".join(paths))
PY
)
cat > "$ODOO_CONF.new" <<CONF
[options]
addons_path = $REPO_DIR,$odoo_addons
data_dir = $ODOO_DATA_DIR
http_interface = 127.0.0.1
http_port = $ODOO_PORT
log_level = info
CONF
mv "$ODOO_CONF.new" "$ODOO_CONF"
