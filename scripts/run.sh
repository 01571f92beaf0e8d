#!/usr/bin/env bash
# Runs Front Door on this machine with demonstration data, from nothing:
#   installs what it needs (scripts/setup.sh), migrates its SQLite database under var/,
#   collects the static files, loads the demo council (teams, a login for each staff role,
#   a few hundred fictional contacts), then starts the web server and the background task
#   worker on http://127.0.0.1:8000 and prints the addresses and logins.
# Ctrl-C stops both. If either stops by itself the other is stopped too and this exits non-zero.
# Emails are written to files under var/mail, never sent. This is a demonstration: running
# Front Door for real is described in docs/operations.md.
#   FRONTDOOR_PORT=8001 scripts/run.sh    another port
set -euo pipefail
cd "$(dirname "$0")/.."

host=127.0.0.1
port=${FRONTDOOR_PORT:-8000}
base="http://$host:$port"

# The demonstration's settings (see frontdoor/settings.py and docs/operations.md).
unset DATABASE_URL FRONTDOOR_VAR_DIR  # the demonstration always uses SQLite under var/
export FRONTDOOR_DEBUG=0
export FRONTDOOR_SECURE_COOKIES=0  # plain HTTP on 127.0.0.1: production sets 1 (the default) behind HTTPS
export FRONTDOOR_ALLOWED_HOSTS=127.0.0.1,localhost
export FRONTDOOR_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export FRONTDOOR_PUBLIC_BASE_URL=$base

scripts/setup.sh
python=.venv/bin/python

echo "==> Migrating the database (var/frontdoor.sqlite3)"
$python manage.py migrate --no-input -v0
$python manage.py createcachetable  # the shared cache the rate limits count in (SEC-3)
echo "==> Collecting static files into var/static"
$python manage.py collectstatic --no-input -v0
echo "==> Loading the demonstration data"
$python manage.py load_demo --no-logins
$python manage.py load_demo_channels  # the mailbox, a partner organisation, a matched call (issue 8)

echo "==> Starting the web server, the task worker and the referrals mailbox's receiver"
.venv/bin/gunicorn frontdoor.wsgi:application \
  --bind "$host:$port" --workers 2 --worker-class gthread --threads 4 \
  --graceful-timeout 10 --error-logfile - --log-level warning &
web=$!
$python manage.py run_worker &
worker=$!
mailport=${FRONTDOOR_MAILBOX_PORT:-2525}
$python manage.py receive_mail --host "$host" --port "$mailport" &
mail=$!

stopped=0
stop() {
  [ "$stopped" = 1 ] && return
  stopped=1
  echo
  echo "==> Stopping Front Door"
  kill -TERM "$web" "$worker" "$mail" 2>/dev/null || true
  wait "$web" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
  wait "$mail" 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

# Wait until the web server answers (or has died).
for _ in $(seq 1 60); do
  if ! kill -0 "$web" 2>/dev/null || ! kill -0 "$worker" 2>/dev/null || ! kill -0 "$mail" 2>/dev/null; then
    break
  fi
  if $python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$base/" 2>/dev/null; then
    cat <<EOF

Front Door is running. Press Ctrl-C to stop it.

  Public form (tell us about a worry)   $base/
  Check the status of a contact         $base/status/
  Staff sign-in                         $base/accounts/sign-in/
  Staff: contacts and queues            $base/staff/
  Django admin (reference data)         $base/admin/
  Partner API documentation             $base/api/v1/docs/
  Referrals mailbox (SMTP, for testing) $host:$mailport  (referrals@example-council.gov.uk)
  Emails (written to files, not sent)   var/mail/

EOF
    cat var/demo-logins.txt
    echo
    break
  fi
  sleep 0.5
done

# Run until one of them stops; then stop the other and fail.
status=0
wait -n "$web" "$worker" "$mail" || status=$?
if [ "$stopped" = 0 ]; then
  if ! kill -0 "$web" 2>/dev/null; then which="web server"
  elif ! kill -0 "$worker" 2>/dev/null; then which="task worker"
  else which="mailbox receiver"; fi
  echo "Front Door's $which stopped (exit status $status): stopping the rest." >&2
  stop
  exit $((status == 0 ? 1 : status))
fi
