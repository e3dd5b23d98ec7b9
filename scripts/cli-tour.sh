#!/usr/bin/env bash
# Drives the real AWS CLI through one pipeline's life against a running Flowline:
#   create-pipeline -> start-pipeline-execution -> get-pipeline-state -> put-approval-result
#   -> list-pipeline-executions -> get-pipeline-execution -> disable/enable-stage-transition -> delete-pipeline
# Every step checks its answer; the first failure stops the tour with a message saying what went wrong.
#
# Environment:
#   FLOWLINE_URL           the running Flowline (default http://127.0.0.1:8080)
#   PIPELINE_JSON          the pipeline to create, bare or wrapped in {"pipeline": ...}
#                          (default examples/demo.json, else src/test/resources/api/cli-tour-pipeline.json)
#   PIPELINE_NAME          name to create it under (default: its own name plus a random suffix)
#   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY   default: Flowline's documented local key pair
#   TOUR_TIMEOUT_SECONDS   how long to wait for the approval to be reached (default 60)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLOWLINE_URL="${FLOWLINE_URL:-http://127.0.0.1:8080}"
if [[ -z "${PIPELINE_JSON:-}" ]]; then
  PIPELINE_JSON="$here/examples/demo.json"
  [[ -f "$PIPELINE_JSON" ]] || PIPELINE_JSON="$here/src/test/resources/api/cli-tour-pipeline.json"
fi
TOUR_TIMEOUT_SECONDS="${TOUR_TIMEOUT_SECONDS:-60}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-FLOWLINELOCAL0000000}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-flowline-local-secret-do-not-use-in-production}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
unset AWS_SESSION_TOKEN AWS_PROFILE

fail() { echo "cli-tour: FAILED: $*" >&2; exit 1; }
step() { echo "cli-tour: $*"; }
for tool in aws jq; do command -v "$tool" >/dev/null || fail "'$tool' is not installed"; done
[[ -f "$PIPELINE_JSON" ]] || fail "pipeline definition $PIPELINE_JSON not found"

codepipeline() { aws codepipeline "$@" --endpoint-url "$FLOWLINE_URL" --region "$AWS_DEFAULT_REGION" --output json; }

workdir="$(mktemp -d)"
created=""
cleanup() {
  if [[ -n "$created" ]]; then codepipeline delete-pipeline --name "$created" >/dev/null 2>&1 || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

# The definition may be bare or wrapped ({"pipeline": ..., "tags": ...}); the tour creates it under its own name.
declaration="$(jq 'if has("pipeline") then .pipeline else . end' "$PIPELINE_JSON")" || fail "$PIPELINE_JSON is not JSON"
name="${PIPELINE_NAME:-$(jq -r .name <<<"$declaration")-tour-$RANDOM}"
jq --arg name "$name" '.name = $name | del(.version)' <<<"$declaration" >"$workdir/pipeline.json"

step "create-pipeline $name"
out="$(codepipeline create-pipeline --pipeline "file://$workdir/pipeline.json")" || fail "create-pipeline was refused"
created="$name"
[[ "$(jq -r .pipeline.version <<<"$out")" == "1" ]] || fail "create-pipeline did not answer version 1: $out"
second_stage="$(jq -r '.pipeline.stages[1].name' <<<"$out")"

step "start-pipeline-execution"
execution_id="$(codepipeline start-pipeline-execution --name "$name" | jq -r .pipelineExecutionId)" \
  || fail "start-pipeline-execution was refused"
[[ "$execution_id" =~ ^[0-9a-f-]{36}$ ]] || fail "start-pipeline-execution answered no execution id: $execution_id"

step "get-pipeline-state until a manual approval waits (at most ${TOUR_TIMEOUT_SECONDS}s)"
approval=""
deadline=$((SECONDS + TOUR_TIMEOUT_SECONDS))
while [[ -z "$approval" ]]; do
  state="$(codepipeline get-pipeline-state --name "$name")" || fail "get-pipeline-state was refused"
  approval="$(jq -c 'first(.stageStates[] as $s | $s.actionStates[]? | select(.latestExecution.token != null)
      | {stage: $s.stageName, action: .actionName, token: .latestExecution.token}) // empty' <<<"$state")"
  if [[ -z "$approval" ]]; then
    (( SECONDS < deadline )) || fail "no manual approval was waiting after ${TOUR_TIMEOUT_SECONDS}s: $state"
    sleep 1
  fi
done

step "put-approval-result $(jq -r '.stage + "/" + .action' <<<"$approval")"
approved="$(codepipeline put-approval-result --pipeline-name "$name" --stage-name "$(jq -r .stage <<<"$approval")" \
  --action-name "$(jq -r .action <<<"$approval")" --token "$(jq -r .token <<<"$approval")" \
  --result "summary=Approved by the CLI tour,status=Approved")" || fail "put-approval-result was refused"
[[ "$(jq -r '.approvedAt // empty' <<<"$approved")" != "" ]] || fail "put-approval-result answered no approvedAt"

step "list-pipeline-executions"
listed="$(codepipeline list-pipeline-executions --pipeline-name "$name")" || fail "list-pipeline-executions was refused"
jq -e --arg id "$execution_id" 'any(.pipelineExecutionSummaries[]; .pipelineExecutionId == $id)' <<<"$listed" \
  >/dev/null || fail "list-pipeline-executions does not list $execution_id: $listed"

step "get-pipeline-execution $execution_id"
execution="$(codepipeline get-pipeline-execution --pipeline-name "$name" --pipeline-execution-id "$execution_id")" \
  || fail "get-pipeline-execution was refused"
[[ "$(jq -r .pipelineExecution.pipelineExecutionId <<<"$execution")" == "$execution_id" ]] \
  || fail "get-pipeline-execution answered another execution: $execution"
step "  status: $(jq -r .pipelineExecution.status <<<"$execution")"

transition_enabled() {
  codepipeline get-pipeline-state --name "$name" \
    | jq -r --arg stage "$second_stage" '.stageStates[] | select(.stageName == $stage) | .inboundTransitionState.enabled'
}

step "disable-stage-transition $second_stage"
codepipeline disable-stage-transition --pipeline-name "$name" --stage-name "$second_stage" --transition-type Inbound \
  --reason "Paused by the CLI tour" >/dev/null || fail "disable-stage-transition was refused"
[[ "$(transition_enabled)" == "false" ]] || fail "the inbound transition of $second_stage is not disabled"

step "enable-stage-transition $second_stage"
codepipeline enable-stage-transition --pipeline-name "$name" --stage-name "$second_stage" --transition-type Inbound >/dev/null \
  || fail "enable-stage-transition was refused"
[[ "$(transition_enabled)" == "true" ]] || fail "the inbound transition of $second_stage is not enabled again"

step "delete-pipeline $name"
codepipeline delete-pipeline --name "$name" >/dev/null || fail "delete-pipeline was refused"
created=""
if error="$(codepipeline get-pipeline --name "$name" 2>&1)"; then
  fail "the pipeline still exists after delete-pipeline"
fi
grep -q PipelineNotFoundException <<<"$error" || fail "get-pipeline after delete did not answer PipelineNotFoundException: $error"

echo "cli-tour: CLI tour passed against $FLOWLINE_URL"
