#!/bin/sh
# Monthly HR export: last month's 70:20:10 balance per person, as CSV for Dutch Excel.
# Writes e.g. /srv/leerlog/hr/balance-2026-10.csv through a temporary file, so HR never
# opens half a file. Exit code 0 on success; leerlog's message goes to stderr (cron mails it).
#
#   LEERLOG_DB   the team's database (required here, so cron never uses a personal default)
#   HR_DIR       where the CSV files go
#   LEERLOG      the leerlog script (default: leerlog on PATH, else ~/.local/bin/leerlog, where
#                the README's Install section puts it; cron's PATH is only /usr/bin:/bin)
set -eu
: "${LEERLOG_DB:?set LEERLOG_DB to the team database}"
HR_DIR=${HR_DIR:-/srv/leerlog/hr}
umask 027  # new files: readable by the owner's group (HR), not by everyone

if [ -z "${LEERLOG:-}" ]; then
    LEERLOG=$(command -v leerlog || true)
    if [ -z "$LEERLOG" ] && [ -n "${HOME:-}" ] && [ -x "$HOME/.local/bin/leerlog" ]; then
        LEERLOG=$HOME/.local/bin/leerlog
    fi
fi
if [ -z "$LEERLOG" ] || [ ! -x "$LEERLOG" ] || [ -d "$LEERLOG" ]; then
    echo "monthly-export.sh: leerlog not found${LEERLOG:+ at $LEERLOG}; install it (README, Install) or set LEERLOG=/full/path/to/leerlog" >&2
    exit 127
fi

exec "$LEERLOG" export balance --period last-month --excel \
    --output "$HR_DIR/balance-{period}.csv"
