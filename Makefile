# Every target sets up what it needs on a fresh machine and is safe to re-run.
# Python >= 3.12 is required: .ci/find-python picks an installed one (python3, python3.12,
# python3.13 … on PATH, or a pyenv version); `make PYTHON=/path/to/python3.12 …` names one.

VENV := .venv
PY := $(VENV)/bin/python
SETUP := $(VENV)/.installed node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Material's and ProperDocs' banners about MkDocs 2 (the site stays on MkDocs 1.6 and is checked
# to build with ProperDocs: README): nothing for an author to act on at every build.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# mkdocs-jupyter imports nbconvert's command-line app, whose help text lists every exporter by
# making one of each (about 0.4 s per build on this machine kind). With this nbconvert lists them
# from their entry points instead; the site never reads that list.
export NBCONVERT_DISABLE_CONFIG_EXPORTERS := 1

.PHONY: setup serve build publish test bench clean

setup: $(SETUP)

$(PY):
	@python='$(PYTHON)'; [ -n "$$python" ] || python=$$(sh .ci/find-python) || python=python3; \
	"$$python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
	  echo "error: Python >= 3.12 is required, but '$$python' is $$("$$python" --version 2>&1)."; \
	  echo "       Name a newer interpreter: make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)"; \
	  echo "       (with pyenv: PYENV_VERSION=3.12.1 make $(MAKECMDGOALS))"; \
	  exit 1; }; \
	echo "$$python -m venv $(VENV)"; "$$python" -m venv $(VENV)

# Pinned versions live in requirements.txt; pyproject.toml holds the ranges.
$(VENV)/.installed: requirements.txt pyproject.toml | $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "error: $(VENV) was made with Python < 3.12; remove it (make clean) and run again."; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -e '.[site,test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: $(SETUP)
	$(VENV)/bin/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: $(SETUP)
	$(VENV)/bin/mkdocs build --strict

# The site as published: SITE_URL must be its public https address (the Pages workflow sets it).
publish: $(SETUP)
	TEXTBOOK_PUBLISH=true $(VENV)/bin/mkdocs build --strict

test: $(SETUP)
	$(PY) -m pytest

# PyTorch, the reference for the package benchmark, has no CPU build for our Python on this machine
# kind; an interpreter it has one for (TORCH_PYTHON) gets its own venv. `+cpu` matches only a CPU
# wheel already on the machine, so where there is none this step fails fast and the row says so.
TORCH_PYTHON ?= env -u PYENV_VERSION python3.11
.venv-torch/.installed:
	-@{ $(TORCH_PYTHON) -m venv .venv-torch && .venv-torch/bin/python -m pip install --quiet --disable-pip-version-check 'torch==2.13.0+cpu' numpy && touch $@; } \
	  || { echo "note: no CPU PyTorch for $(TORCH_PYTHON) here; the benchmark runs without it"; rm -rf .venv-torch; }

bench: $(SETUP) .venv-torch/.installed
	BENCH_TORCH_PYTHON=$(if $(wildcard .venv-torch/bin/python),$(CURDIR)/.venv-torch/bin/python,) $(PY) bench/run.py

clean:
	rm -rf site .cache $(VENV) .venv-torch node_modules
