#!/usr/bin/env bash
# A job worker written with nothing but the real AWS CLI, against a running Flowline:
#   create-custom-action-type -> create-pipeline (Source -> the custom Test action) -> start-pipeline-execution
#   -> poll-for-jobs (with its queryable property) -> acknowledge-job -> get-job-details
#   -> put-job-success-result (output variables) -> the execution Succeeded -> delete-pipeline, delete-custom-action-type
# Every step checks its answer; the first failure stops the script with a message saying what went wrong.
#
# Environment:
#   FLOWLINE_URL   the running Flowline (default http://127.0.0.1:8080); it must hold s3://flowline-sources/app.zip
#   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY   default: Flowline's documented local key pair
#   JOB_TIMEOUT_SECONDS   how long to wait for the job and for the execution (default 60)
set -euo pipefail

FLOWLINE_URL="${FLOWLINE_URL:-http://127.0.0.1:8080}"
JOB_TIMEOUT_SECONDS="${JOB_TIMEOUT_SECONDS:-60}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-FLOWLINELOCAL0000000}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-flowline-local-secret-do-not-use-in-production}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
unset AWS_SESSION_TOKEN AWS_PROFILE

fail() { echo "job-worker-cli: FAILED: $*" >&2; exit 1; }
step() { echo "job-worker-cli: $*"; }
for tool in aws jq; do command -v "$tool" >/dev/null || fail "'$tool' is not installed"; done
codepipeline() { aws codepipeline "$@" --endpoint-url "$FLOWLINE_URL" --region "$AWS_DEFAULT_REGION" --output json; }

provider="CliWorker$RANDOM"
name="cli-worker-$RANDOM"
type_id="category=Test,owner=Custom,provider=$provider,version=1"
created_type=""
created_pipeline=""
cleanup() {
  if [[ -n "$created_pipeline" ]]; then codepipeline delete-pipeline --name "$created_pipeline" >/dev/null 2>&1 || true; fi
  if [[ -n "$created_type" ]]; then
    codepipeline delete-custom-action-type --category Test --provider "$provider" --action-version 1 >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

step "create-custom-action-type Test/Custom/$provider/1"
out="$(codepipeline create-custom-action-type --category Test --provider "$provider" --action-version 1 \
  --configuration-properties name=Suite,required=true,key=true,secret=false,queryable=true \
  --input-artifact-details minimumCount=1,maximumCount=1 --output-artifact-details minimumCount=0,maximumCount=0)" \
  || fail "create-custom-action-type was refused"
created_type="$provider"
[[ "$(jq -r .actionType.id.owner <<<"$out")" == "Custom" ]] || fail "the new type's owner is not Custom: $out"
codepipeline list-action-types --action-owner-filter Custom | jq -e --arg p "$provider" \
  'any(.actionTypes[]; .id.provider == $p)' >/dev/null || fail "list-action-types does not list $provider"

step "create-pipeline $name"
jq -n --arg name "$name" --arg provider "$provider" '{
  name: $name, roleArn: "arn:aws:iam::123456789012:role/flowline",
  artifactStore: {type: "S3", location: "flowline-artifacts"},
  stages: [
    {name: "Source", actions: [{name: "Fetch",
      actionTypeId: {category: "Source", owner: "AWS", provider: "S3", version: "1"},
      configuration: {S3Bucket: "flowline-sources", S3ObjectKey: "app.zip", PollForSourceChanges: "false"},
      outputArtifacts: [{name: "SourceOutput"}]}]},
    {name: "Test", actions: [{name: "Smoke",
      actionTypeId: {category: "Test", owner: "Custom", provider: $provider, version: "1"},
      configuration: {Suite: "smoke"}, inputArtifacts: [{name: "SourceOutput"}]}]}]}' >"${TMPDIR:-/tmp}/$name.json"
codepipeline create-pipeline --pipeline "file://${TMPDIR:-/tmp}/$name.json" >/dev/null || fail "create-pipeline was refused"
rm -f "${TMPDIR:-/tmp}/$name.json"
created_pipeline="$name"

step "poll-for-jobs until the Smoke action's job is handed out (at most ${JOB_TIMEOUT_SECONDS}s)"
job=""
deadline=$((SECONDS + JOB_TIMEOUT_SECONDS))
while [[ -z "$job" ]]; do
  polled="$(codepipeline poll-for-jobs --action-type-id "$type_id" --max-batch-size 1 --query-param Suite=smoke)" \
    || fail "poll-for-jobs was refused"
  job="$(jq -c '.jobs[0] // empty' <<<"$polled")"
  if [[ -z "$job" ]]; then
    (( SECONDS < deadline )) || fail "no job after ${JOB_TIMEOUT_SECONDS}s"
    sleep 1
  fi
done
job_id="$(jq -r .id <<<"$job")"
execution_id="$(jq -r .data.pipelineContext.pipelineExecutionId <<<"$job")"
[[ "$(jq -r '.data.actionConfiguration.configuration.Suite' <<<"$job")" == "smoke" ]] \
  || fail "the job does not carry the action's configuration: $job"
[[ "$(jq -r '.data.inputArtifacts[0].location.s3Location.bucketName' <<<"$job")" == "flowline-artifacts" ]] \
  || fail "the job names no input artifact location: $job"

step "acknowledge-job $job_id"
[[ "$(codepipeline acknowledge-job --job-id "$job_id" --nonce "$(jq -r .nonce <<<"$job")" | jq -r .status)" \
  == "InProgress" ]] || fail "acknowledge-job did not answer InProgress"
codepipeline get-job-details --job-id "$job_id" | jq -e --arg e "$execution_id" \
  '.jobDetails.data.pipelineContext.pipelineExecutionId == $e' >/dev/null || fail "get-job-details disagrees"

step "put-job-success-result $job_id"
codepipeline put-job-success-result --job-id "$job_id" --output-variables Result=passed \
  --execution-details summary="smoke tests passed",percentComplete=100 >/dev/null \
  || fail "put-job-success-result was refused"
if codepipeline put-job-success-result --job-id "$job_id" >/dev/null 2>"${TMPDIR:-/tmp}/$name.err"; then
  fail "a second put-job-success-result was accepted"
fi
grep -q InvalidJobStateException "${TMPDIR:-/tmp}/$name.err" || fail "a second report was not InvalidJobStateException"
rm -f "${TMPDIR:-/tmp}/$name.err"

step "get-pipeline-execution until $execution_id Succeeded"
deadline=$((SECONDS + JOB_TIMEOUT_SECONDS))
while true; do
  status="$(codepipeline get-pipeline-execution --pipeline-name "$name" --pipeline-execution-id "$execution_id" \
    | jq -r .pipelineExecution.status)"
  [[ "$status" == "Succeeded" ]] && break
  [[ "$status" == "InProgress" ]] || fail "the execution ended $status"
  (( SECONDS < deadline )) || fail "the execution was still $status after ${JOB_TIMEOUT_SECONDS}s"
  sleep 1
done
codepipeline list-action-executions --pipeline-name "$name" --filter "pipelineExecutionId=$execution_id" \
  | jq -e 'any(.actionExecutionDetails[]; .actionName == "Smoke" and .output.outputVariables.Result == "passed")' \
  >/dev/null || fail "the Smoke action's output variables were not recorded"

echo "job-worker-cli: custom action worker passed"
