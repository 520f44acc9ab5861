# The portal's everyday commands. `make run` and `make test` work on a fresh machine
# with Python 3.11 and nothing else: they create .venv and install the locked packages.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# Links in emails and calendar files point at the port the site is served on, unless the
# environment says otherwise.
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)/
DEV_ENV := DJANGO_DEBUG=true PORTAL_BASE_URL=$(PORTAL_BASE_URL)

.PHONY: install run superuser test coverage lint format messages compile-messages lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(INSTALLED)

install: $(INSTALLED) compile-messages

compile-messages: $(INSTALLED)
	$(BIN)/pybabel compile --domain django --directory locale --statistics

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_portal_content
	$(DEV_ENV) $(BIN)/python manage.py load_demo_data
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# An account for the admin: staff sign in with their email address, already verified.
superuser: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

test: install
	$(BIN)/python -m pytest

coverage: install
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (xgettext) on the developer's machine; the .po files are committed.
messages: $(INSTALLED)
	$(DEV_ENV) $(BIN)/python manage.py makemessages --locale es --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'static/*' --ignore 'staticfiles/*'
	$(MAKE) compile-messages

# Re-pin the dependencies after changing the ranges in pyproject.toml.
lock: $(INSTALLED)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --quiet pyproject.toml --extra test --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) staticfiles htmlcov .coverage
