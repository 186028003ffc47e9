# Curbside: `make run` sets up and serves the forum; `make test` sets up and runs the suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in the development mail point where `make run` listens, unless FORUM_BASE_URL is set
# (set it yourself with HOST=0.0.0.0: this machine's public name is not known here).
_LINK_HOST := $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
FORUM_BASE_URL ?= http://$(if $(findstring :,$(_LINK_HOST)),[$(_LINK_HOST)],$(_LINK_HOST)):$(PORT)
PYTEST_ARGS ?= -q

.PHONY: install run migrate test test-postgres test-browser bench-registry bench-privacy bench-hostile clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(FLASK) db upgrade

run: migrate
	$(FLASK) demo seed --if-empty
	FORUM_BASE_URL='$(FORUM_BASE_URL)' $(FLASK) run --host $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	FORUM_TEST_POSTGRES=1 $(PY) -m pytest $(PYTEST_ARGS)

# The journey in headless Chromium (/usr/bin/chromium) against a live server; screenshots go to
# the folder named by the environment variable BROWSER_SCREENSHOTS (default screenshots/).
test-browser: install
	$(PY) -m pytest tests/browser -q

bench-registry: install
	$(PY) bench/registry_import.py

bench-privacy: install
	$(PY) bench/privacy_screen.py

bench-hostile: install
	$(PY) bench/hostile_input.py

clean:
	rm -rf $(VENV) .pytest_cache
