#!/usr/bin/env bash
# Installs what Front Door needs, from the package registries, pinned. Safe to run again:
# each step is skipped when what it installs is already there and up to date.
#   scripts/setup.sh          what the service needs
#   scripts/setup.sh --dev    and what the tests need (linters, Playwright, Debian's Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
dev=0
[ "${1:-}" = "--dev" ] && dev=1

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the Python environment in .venv"
  "$python" -m venv .venv
fi

reqs=requirements.txt
[ "$dev" = 1 ] && reqs=requirements-dev.txt
stamp=".venv/.installed-$(basename "$reqs")"
wanted=$(cat requirements.txt "$reqs" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "==> Installing Python packages from $reqs"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
  echo "$wanted" > "$stamp"
fi

if [ "$dev" = 1 ]; then
  # The CIN census validator (RET-1) needs pandas<2 and numpy<2: its own environment, pinned.
  cin_python=${CIN_PYTHON:-python3.11}
  if [ ! -x .venv-cin/bin/python ]; then
    echo "==> Creating the CIN validator's environment in .venv-cin"
    "$cin_python" -m venv .venv-cin
  fi
  wanted=$(sha256sum requirements-cin.txt | cut -d' ' -f1)
  if [ "$(cat .venv-cin/.installed 2>/dev/null)" != "$wanted" ]; then
    echo "==> Installing the CIN validator from requirements-cin.txt"
    .venv-cin/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-cin.txt
    echo "$wanted" > .venv-cin/.installed
  fi
fi

wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.installed 2>/dev/null)" != "$wanted" ]; then
  echo "==> Installing front-end packages (govuk-frontend) from npm"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" > node_modules/.installed
fi

mkdir -p var/static-build
if [ ! -f var/static-build/frontdoor.css ] || [ frontdoor/assets/frontdoor.scss -nt var/static-build/frontdoor.css ]; then
  echo "==> Building the stylesheet"
  node_modules/.bin/sass --no-source-map --pkg-importer=node --quiet-deps --style=compressed \
    frontdoor/assets/frontdoor.scss var/static-build/frontdoor.css
fi

if [ "$dev" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "==> Installing Debian's Chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
