# Every target creates .venv on first use: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE ?= site
# The engine that builds the site: mkdocs (MkDocs + Material) or zensical (Material's successor).
# `make build ENGINE=zensical`; change this one word to switch for good (README, "Engines").
ENGINE ?= mkdocs
ENGINES := mkdocs zensical
ifeq ($(filter $(ENGINE),$(ENGINES)),)
$(error ENGINE must be one of: $(ENGINES) (got '$(ENGINE)'))
endif
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build publish check test system lint typecheck pytest bench audit linkcheck clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { echo "Python cannot make a virtual environment here; on Debian or Ubuntu run: sudo apt-get install python3-venv" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,pdf,import]'
	touch $(STAMP)

serve: $(STAMP)  ## preview the site at http://127.0.0.1:8000/, reloading on every edit
	$(BIN)/letter-site serve --engine $(ENGINE) $(if $(DEV_ADDR),--dev-addr $(DEV_ADDR))

build: $(STAMP)  ## check the sources, build the site into site/ (strict: any warning fails), add the PDF and citation files
	$(BIN)/letter-site build --engine $(ENGINE) --site-dir $(SITE)

publish: $(STAMP)  ## the Publish workflow's build: as build, and it refuses a placeholder letter
	$(BIN)/letter-site build --engine $(ENGINE) --site-dir $(SITE) --publish

check: $(STAMP)  ## check letter/, footnotes.yaml and signatories.yaml only
	$(BIN)/python -m letter_site check

lint: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n $$(( 2 * $$(nproc) ))  # two workers a core (pytest-xdist): browser tests spend much of their time waiting

system:  ## the Debian packages the tests need (tools/debian-packages.txt); installs them as root or with sudo
	@sh src/letter_site/data/system-packages.sh tools/debian-packages.txt

test: system lint typecheck pytest  ## everything CI runs; the Debian packages first, before any test

bench: $(STAMP)  ## time loading, citing and building; sizes of the built site (a benchmark, not a test)
	$(BIN)/python tools/bench.py

linkcheck: $(STAMP)  ## check every external link of the sources live (needs the network; not part of make test)
	$(BIN)/python tools/linkcheck.py

audit: $(STAMP)  ## Lighthouse (mobile, 3 runs) and the Nu HTML checker on the built site (a benchmark)
	$(BIN)/python tools/audit.py --engine $(ENGINE)

clean:
	rm -rf $(SITE) .*.building-* .*.previous .mkdocs.zensical-*.yml .letter-theme-* .cache test-artifacts .pytest_cache .mypy_cache .ruff_cache
