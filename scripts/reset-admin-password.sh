#!/usr/bin/env bash
# Sets a new password for Flowline's admin user, lifts any lock on it and puts it back into camunda-admin,
# against the database of the configuration you pass (same options as the server), then exits.
# Stop Flowline first when it runs on the embedded H2 database (one process per database file).
#
#   scripts/reset-admin-password.sh [--flowline.data-dir=/srv/flowline/data | --spring.datasource.url=...]
#
# The password is read without echo and handed over in the environment, never on the command line.
# FLOWLINE_JAR picks the jar (default: the newest target/flowline-*.jar).
set -euo pipefail

jar="${FLOWLINE_JAR:-$(ls -t "$(dirname "$0")"/../target/flowline-*.jar 2>/dev/null | grep -v original | head -1)}"
if [[ -z "$jar" || ! -f "$jar" ]]; then
  echo "No Flowline jar: build it with 'mvn -DskipTests package' or set FLOWLINE_JAR" >&2
  exit 2
fi
read -r -s -p "New password for the admin user: " password; echo
read -r -s -p "Again: " again; echo
if [[ "$password" != "$again" ]]; then
  echo "The two passwords differ; nothing changed" >&2
  exit 2
fi
FLOWLINE_ADMIN_RESET_PASSWORD="$password" exec java -jar "$jar" "$@"
