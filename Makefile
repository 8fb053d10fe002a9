# dunning_be: the developer's commands. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
export PYTHON

.PHONY: help setup demo test test-odoo-runner lint bench bench-scale clean-db
help:
	@echo "make demo   create (or reuse) the database dunning_demo and serve it on http://localhost:8069"
	@echo "make test   run every test (pure core with pytest, Odoo tests with pytest-odoo)"
	@echo "make test-odoo-runner  after make test: Odoo's own runner (odoo -u dunning_be --test-enable) runs the same tests"
	@echo "make lint   ruff, ruff format --check, pylint-odoo's mandatory checks"
	@echo "make bench  time the reminder run on 2000 customers (ARGS=\"--customers N --sizes N1,N2 --keep --peer --orm --workers 1,2\")"
	@echo "make bench-scale  the run and its payment behaviour pass for 2000 and 20000 customers (1 invoice each)"

setup:
	@bash tools/setup.sh

demo: setup
	@bash tools/demo.sh

test: setup
	@bash tools/test.sh

# Odoo's own test runner runs the tests pytest-odoo ran in the last make test.
test-odoo-runner: setup
	@bash tools/odoo_runner.sh

lint: setup
	@bash tools/lint.sh

# Benchmark of the reminder run on a scratch database; options in ARGS.
bench: setup
	@bash tools/bench.sh $(ARGS)

# The same for 2,000 and 20,000 customers, one invoice each: how the run and
# its payment behaviour pass grow.
bench-scale: setup
	@bash tools/bench.sh --sizes 2000,20000 --invoices 1 $(ARGS)

# Drop the demo, test and benchmark databases and the cached templates.
clean-db:
	@. tools/env.sh; for db in $$(psql -d postgres -tAc "SELECT datname FROM pg_database \
	    WHERE datname IN ('$$DEMO_DB', '$$TEST_DB', '$$TEST_DEMO_DB', '$$TEST_SALE_DB', '$$TEST_QUEUE_DB', '$${TEST_DB}_odoo_runner') \
	    OR datname LIKE 'dunning_bench%' OR datname LIKE '$$CACHE_PREFIX-%'"); \
	    do echo "dropping $$db"; dropdb "$$db"; done
