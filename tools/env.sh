# Shared settings of the tools/ scripts (sourced, not run).
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
ODOO_CONF=${ODOO_CONF:-$REPO_DIR/.odoo/odoo.conf}
ODOO_DATA_DIR=${ODOO_DATA_DIR:-$REPO_DIR/.odoo/data}
ODOO_PORT=${ODOO_PORT:-8069}
DEMO_DB=${DEMO_DB:-dunning_demo}
TEST_DB=${TEST_DB:-dunning_test}
TEST_DEMO_DB=${TEST_DEMO_DB:-dunning_test_demo}
TEST_SALE_DB=${TEST_SALE_DB:-dunning_test_sale}
# Templates of click-odoo-initdb are named <prefix>-<date>-<hash of the addons>.
CACHE_PREFIX=${CACHE_PREFIX:-dunbe}
export PGHOST=${PGHOST:-/var/run/postgresql}
# Python packages of the OCA addons (tools/oca.sh), for every Odoo process.
OCA_LIB_DIR=$REPO_DIR/.odoo/oca-lib
case ":${PYTHONPATH:-}:" in
*":$OCA_LIB_DIR:"*) ;;
*) export PYTHONPATH=$OCA_LIB_DIR${PYTHONPATH:+:$PYTHONPATH} ;;
esac
# The database of the job queue bridge's tests (queue_job, dunning_be_queue).
TEST_QUEUE_DB=${TEST_QUEUE_DB:-dunning_test_queue}
