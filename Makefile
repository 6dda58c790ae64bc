# The two commands a newcomer needs: `make run` and `make test`. Both set up what is missing first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The end-to-end tests mostly wait for the bot, so three workers help even on two cores.
TEST_WORKERS ?= 3
# Tesseract with English, Simplified Chinese (HanS script model, chi_sim as stand-in) and
# orientation models; a CJK font for the card
# generator; Debian's chromium for the browser test.
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-script-hans \
	tesseract-ocr-chi-tra tesseract-ocr-osd tesseract-ocr-script-latn \
	fonts-noto-cjk fonts-dejavu-core chromium

.PHONY: setup system-packages run test lint bench clean

setup: $(STAMP) system-packages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian packages:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "Missing Debian packages (OCR and browser tests skip without them). Install with:"; \
		echo "  sudo apt-get install -y" $$missing; \
	fi

run: setup
	$(BIN)/capture-bot db upgrade
	$(BIN)/capture-bot run

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup lint
	$(BIN)/pytest -n $(TEST_WORKERS)

bench: setup
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
