#!/usr/bin/env bash
# The demo's "unit tests": the page exists and says who deployed it.
set -euo pipefail
test -f site/index.html
grep -q 'Deployed by Flowline' site/index.html
echo "2 checks passed"
