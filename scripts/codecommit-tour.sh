#!/usr/bin/env bash
# The README's "push to a hosted repository" tour, checked step by step against a running Flowline with the
# real AWS CLI and git:
#   aws codecommit create-repository -> git clone -> add the demo app -> git push
#   -> aws codepipeline create-pipeline (examples/codecommit.json; its first run builds the pushed commit)
#   -> approve -> change a file -> git push starts the next run on the new commit -> approve -> Succeeded
#   -> get-branch / list-branches / list-repositories -> delete-pipeline, delete-repository
# The first failure stops the tour with a message saying what went wrong.
#
# Environment:
#   FLOWLINE_URL           the running Flowline (default http://127.0.0.1:8080)
#   FLOWLINE_DATA_DIR      its data directory, where the local deploy bucket is created (default ./data)
#   GIT_USER / GIT_PASSWORD  a Flowline (Camunda) user for git over HTTP (default admin / admin)
#   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY   default: Flowline's documented local key pair
#   TOUR_TIMEOUT_SECONDS   how long to wait for each run to reach its approval or its end (default 90)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLOWLINE_URL="${FLOWLINE_URL:-http://127.0.0.1:8080}"
FLOWLINE_DATA_DIR="${FLOWLINE_DATA_DIR:-$here/data}"
GIT_USER="${GIT_USER:-admin}"
GIT_PASSWORD="${GIT_PASSWORD:-admin}"
TOUR_TIMEOUT_SECONDS="${TOUR_TIMEOUT_SECONDS:-90}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-FLOWLINELOCAL0000000}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-flowline-local-secret-do-not-use-in-production}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
unset AWS_SESSION_TOKEN AWS_PROFILE

fail() { echo "codecommit-tour: FAILED: $*" >&2; exit 1; }
step() { echo "codecommit-tour: [${SECONDS}s] $*"; }
for tool in aws jq git; do command -v "$tool" >/dev/null || fail "'$tool' is not installed"; done

codecommit() { aws codecommit "$@" --endpoint-url "$FLOWLINE_URL" --region "$AWS_DEFAULT_REGION" --output json; }
codepipeline() { aws codepipeline "$@" --endpoint-url "$FLOWLINE_URL" --region "$AWS_DEFAULT_REGION" --output json; }

suffix="$RANDOM$RANDOM"
repo="flowline-demo-app-$suffix"
pipeline="flowline-codecommit-$suffix"
workdir="$(mktemp -d)"
export GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 HOME="$workdir/home"
mkdir -p "$HOME"
git config --global user.name "Flowline Tour"
git config --global user.email "tour@flowline.dev"
git config --global init.defaultBranch main
cleanup() {
  codepipeline delete-pipeline --name "$pipeline" >/dev/null 2>&1 || true
  codecommit delete-repository --repository-name "$repo" >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

step "create-repository $repo"
out="$(codecommit create-repository --repository-name "$repo" --repository-description "Flowline demo app")" \
  || fail "create-repository was refused"
clone_url="$(jq -r .repositoryMetadata.cloneUrlHttp <<<"$out")"
[[ "$clone_url" == "$FLOWLINE_URL/git/$repo.git" ]] || fail "cloneUrlHttp is '$clone_url'"

step "git clone $clone_url (user $GIT_USER)"
auth_url="${clone_url/:\/\//://$GIT_USER:$GIT_PASSWORD@}"
git clone -q "$auth_url" "$workdir/app" 2>&1 | grep -v "empty repository" || true
[[ -d "$workdir/app/.git" ]] || fail "git clone did not create a repository"
cp -r "$here/examples/demo-app/." "$workdir/app/"
git -C "$workdir/app" add -A
git -C "$workdir/app" commit -q -m "The demo app"
first_commit="$(git -C "$workdir/app" rev-parse HEAD)"
git -C "$workdir/app" push -q origin main 2>&1 || fail "git push was refused"

step "create-pipeline $pipeline on $repo/main"
mkdir -p "$FLOWLINE_DATA_DIR/s3/flowline-codecommit-site"
jq --arg name "$pipeline" --arg repo "$repo" \
  '.pipeline.name = $name | .pipeline.stages[0].actions[0].configuration.RepositoryName = $repo' \
  "$here/examples/codecommit.json" >"$workdir/pipeline.json"
codepipeline create-pipeline --cli-input-json "file://$workdir/pipeline.json" >/dev/null || fail "create-pipeline was refused"

# Waits until the execution started by $1 (a trigger type) reaches the approval; prints its id.
await_approval() {
  local trigger="$1" deadline=$((SECONDS + TOUR_TIMEOUT_SECONDS)) id token
  while ((SECONDS < deadline)); do
    id="$(codepipeline list-pipeline-executions --pipeline-name "$pipeline" \
      | jq -r --arg t "$trigger" '[.pipelineExecutionSummaries[] | select(.trigger.triggerType == $t)][0].pipelineExecutionId // empty')"
    if [[ -n "$id" ]]; then
      token="$(codepipeline get-pipeline-state --name "$pipeline" | jq -r --arg id "$id" \
        '.stageStates[] | select(.stageName == "Approve") | .actionStates[0].latestExecution
         | select(.status == "InProgress" and .token != null) | .token')"
      if [[ -n "$token" ]]; then echo "$id $token"; return 0; fi
    fi
    sleep 1
  done
  fail "no execution started by $trigger reached the approval in ${TOUR_TIMEOUT_SECONDS}s"
}

# Approves, waits for Succeeded, and checks the execution built commit $3.
approve_and_check() {
  local id="$1" token="$2" commit="$3" deadline=$((SECONDS + TOUR_TIMEOUT_SECONDS)) status revision
  codepipeline put-approval-result --pipeline-name "$pipeline" --stage-name Approve --action-name Approve \
    --token "$token" --result summary="Ship it",status=Approved >/dev/null || fail "put-approval-result was refused"
  while ((SECONDS < deadline)); do
    status="$(codepipeline get-pipeline-execution --pipeline-name "$pipeline" --pipeline-execution-id "$id" \
      | jq -r .pipelineExecution.status)"
    [[ "$status" == "Succeeded" ]] && break
    [[ "$status" == "InProgress" ]] || fail "execution $id ended $status"
    sleep 1
  done
  [[ "$status" == "Succeeded" ]] || fail "execution $id did not succeed in ${TOUR_TIMEOUT_SECONDS}s"
  revision="$(codepipeline get-pipeline-execution --pipeline-name "$pipeline" --pipeline-execution-id "$id" \
    | jq -r '.pipelineExecution.artifactRevisions[0].revisionId')"
  [[ "$revision" == "$commit" ]] || fail "execution $id built $revision, not $commit"
  grep -q "$commit" "$FLOWLINE_DATA_DIR/s3/flowline-codecommit-site/dist/build.txt" \
    || fail "the deployed build.txt does not name commit $commit"
}

step "the first run builds the pushed commit and waits for approval"
read -r id token <<<"$(await_approval CreatePipeline)"
approve_and_check "$id" "$token" "$first_commit"

step "change, commit, push: the push starts the next run"
sed -i 's/Deployed by Flowline/Deployed by Flowline from a git push/' "$workdir/app/site/index.html"
git -C "$workdir/app" commit -q -am "Say where it came from"
second_commit="$(git -C "$workdir/app" rev-parse HEAD)"
push_output="$(git -C "$workdir/app" push origin main 2>&1)" || fail "git push was refused: $push_output"
grep -q "Flowline: started pipeline $pipeline" <<<"$push_output" || fail "the push started no pipeline: $push_output"
read -r id token <<<"$(await_approval CloudWatchEvent)"
approve_and_check "$id" "$token" "$second_commit"

step "get-branch, list-branches, list-repositories"
[[ "$(codecommit get-branch --repository-name "$repo" --branch-name main | jq -r .branch.commitId)" == "$second_commit" ]] \
  || fail "get-branch does not answer the pushed commit"
[[ "$(codecommit list-branches --repository-name "$repo" | jq -c .branches)" == '["main"]' ]] || fail "list-branches"
codecommit list-repositories | jq -e --arg r "$repo" '.repositories | any(.repositoryName == $r)' >/dev/null \
  || fail "list-repositories does not list $repo"
[[ "$(codecommit get-repository --repository-name "$repo" | jq -r .repositoryMetadata.defaultBranch)" == "main" ]] \
  || fail "the default branch is not main"

step "delete-pipeline, delete-repository"
codepipeline delete-pipeline --name "$pipeline" >/dev/null || fail "delete-pipeline was refused"
deleted="$(codecommit delete-repository --repository-name "$repo" | jq -r .repositoryId)"
[[ -n "$deleted" && "$deleted" != null ]] || fail "delete-repository answered no repositoryId"
if codecommit get-repository --repository-name "$repo" >/dev/null 2>&1; then fail "the repository still exists"; fi

step "CodeCommit tour passed"
