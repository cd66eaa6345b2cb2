# The one entry point: `make run` for a local demo, `make test` for the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format serve check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The quick start: development mode (DEBUG is off unless asked for), and long work (PDFs, the
# city workbook) done at once inside the request: no task worker to start.
run demo migrate lint: export DEBUG = 1
run: export TASKS_BACKEND = immediate
run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: gunicorn, the task worker and the resident LibreOffice together, one Ctrl+C
# stops them all (reports/management/commands/serve.py). Needs PostgreSQL, SECRET_KEY,
# ALLOWED_HOSTS (see README). benchmarks/load.py reads WORKERS from here.
WORKERS ?= 3
serve: install
	@DEBUG=0 TASKS_BACKEND=database $(BIN)/python manage.py serve \
		--host $(HOST) --port $(PORT) --workers $(WORKERS)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
