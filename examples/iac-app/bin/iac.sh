#!/usr/bin/env bash
# A stand-in for an infrastructure-as-code tool such as `terraform plan -out` / `terraform apply <plan>`:
#   iac.sh plan  <resources.conf> <plan-file>               writes what would be created, prints the plan
#   iac.sh apply <resources.conf> <plan-file> <state-file>  creates exactly what the plan says
# apply refuses a plan whose sha256 is not APPROVED_PLAN_SHA256 (the plan a person approved) and a plan
# that was made from a different resources.conf than the one it is applied with.
set -euo pipefail

sha256() { sha256sum "$1" | cut -d' ' -f1; }

plan() {
  local config=$1 out=$2 count=0 kind name settings
  mkdir -p "$(dirname "$out")"
  {
    echo "# config-sha256: $(sha256 "$config")"
    while read -r kind name settings; do
      [[ -z "$kind" || "$kind" == \#* ]] && continue
      echo "+ $kind $name $settings"
      count=$((count + 1))
    done < "$config"
    echo "Plan: $count to create."
  } > "$out"
  cat "$out"
}

apply() {
  local config=$1 plan=$2 state=$3 planned count=0 kind name settings
  planned=$(sha256 "$plan")
  if [[ "${APPROVED_PLAN_SHA256:-}" != "$planned" ]]; then
    echo "Refusing to apply: the plan's sha256 is $planned, the approved plan's is '${APPROVED_PLAN_SHA256:-}'" >&2
    exit 1
  fi
  if ! grep -qx "# config-sha256: $(sha256 "$config")" "$plan"; then
    echo "Refusing to apply: the plan was made from a different $config" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$state")"
  : > "$state"
  while read -r kind name settings; do
    echo "created $kind $name"
    echo "$kind $name $settings" >> "$state"
    count=$((count + 1))
  done < <(sed -n 's/^+ //p' "$plan")
  echo "Apply complete: $count created."
}

case "${1:-}" in
  plan) shift; plan "$@" ;;
  apply) shift; apply "$@" ;;
  *) echo "usage: iac.sh plan <resources.conf> <plan-file> | apply <resources.conf> <plan-file> <state-file>" >&2; exit 2 ;;
esac
