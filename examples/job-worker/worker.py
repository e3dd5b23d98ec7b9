#!/usr/bin/env python3
"""A job worker for a CodePipeline custom action, written with boto3 alone.

It has the shape of AWS's own sample worker for custom actions: poll for a job of one action type, acknowledge it,
download the input artifact from the artifact store with the job's own temporary credentials, run the action's
Command on it, zip the result and upload it as the output artifact, and report success with output variables (or
failure with the reason). It works against Flowline (give --endpoint-url and --s3-endpoint-url) and against AWS
itself (give neither).

The command runs in the unpacked input artifact (an empty directory when the action has no input), under bash, with:
  JOB_OUTPUT_VARIABLES   a file: every KEY=VALUE line written to it becomes an output variable of the action
  CODEPIPELINE_PIPELINE_NAME, CODEPIPELINE_PIPELINE_EXECUTION_ID, CODEPIPELINE_STAGE_NAME, CODEPIPELINE_ACTION_NAME
Whatever the directory holds afterwards becomes the output artifact. A non-zero exit fails the action with the
last lines of its output.

The action's configuration is read from the job: `Command` (required). Anyone who may edit a pipeline that uses the
action type decides what runs here, so run the worker as a user that may do no more than the builds need.

Usage:
  AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... python3 worker.py \
      --endpoint-url http://127.0.0.1:8080 --s3-endpoint-url http://127.0.0.1:8081 \
      --category Build --provider PythonWorker --version 1 [--query ProjectName=app] [--once]
"""

import argparse
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile

import boto3
from botocore.config import Config

log = logging.getLogger("job-worker")
MAX_OUTPUT_VARIABLES = 50
stopping = False


def parse_args():
    parser = argparse.ArgumentParser(description="Serve jobs of one CodePipeline custom action type.")
    parser.add_argument("--endpoint-url", help="CodePipeline API (Flowline: http://127.0.0.1:8080); AWS when omitted")
    parser.add_argument("--s3-endpoint-url", help="S3 for the artifacts (Flowline: http://127.0.0.1:8081)")
    parser.add_argument("--region", default=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    parser.add_argument("--category", required=True)
    parser.add_argument("--provider", required=True)
    parser.add_argument("--version", default="1")
    parser.add_argument("--query", action="append", default=[], metavar="KEY=VALUE",
                        help="the action type's queryable property: serve only the actions configured with it")
    parser.add_argument("--poll-interval", type=float, default=1.0, help="seconds between empty polls")
    parser.add_argument("--command-timeout", type=float, default=600.0, help="seconds a command may run")
    parser.add_argument("--once", action="store_true", help="serve one job, then stop")
    return parser.parse_args()


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args = parse_args()
    signal.signal(signal.SIGTERM, stop)
    codepipeline = boto3.client("codepipeline", endpoint_url=args.endpoint_url, region_name=args.region)
    action_type_id = {"category": args.category, "owner": "Custom", "provider": args.provider,
                      "version": args.version}
    query = dict(item.split("=", 1) for item in args.query)
    log.info("polling for jobs of %s/Custom/%s/%s", args.category, args.provider, args.version)
    while not stopping:
        request = {"actionTypeId": action_type_id, "maxBatchSize": 1}
        if query:
            request["queryParam"] = query
        jobs = codepipeline.poll_for_jobs(**request)["jobs"]
        if not jobs:
            time.sleep(args.poll_interval)
            continue
        for job in jobs:
            try:
                serve(codepipeline, job, args)
            except Exception:  # e.g. the job was taken back meanwhile: go on with the next one
                log.exception("job %s could not be served", job["id"])
        if args.once:
            break


def stop(*_):
    """SIGTERM: finish the job in hand, then stop."""
    global stopping
    stopping = True


def serve(codepipeline, job, args):
    job_id = job["id"]
    # A job is ours only once acknowledged: another worker may have taken it, or its nonce run out.
    status = codepipeline.acknowledge_job(jobId=job_id, nonce=job["nonce"])["status"]
    if status != "InProgress":
        log.info("job %s is %s, not ours", job_id, status)
        return
    data = job["data"]
    context = data["pipelineContext"]
    log.info("job %s: %s / %s / %s (execution %s)", job_id, context["pipelineName"], context["stage"]["name"],
             context["action"]["name"], context.get("pipelineExecutionId"))
    workdir = tempfile.mkdtemp(prefix="job-")
    try:
        s3 = artifact_client(data["artifactCredentials"], args)
        source = os.path.join(workdir, "src")
        os.makedirs(source)
        for artifact in data.get("inputArtifacts", []):
            download(s3, artifact, source, workdir)
        command = data["actionConfiguration"]["configuration"].get("Command")
        if not command:
            fail(codepipeline, job_id, "ConfigurationError", "the action has no Command to run")
            return
        variables_file = os.path.join(workdir, "output-variables")
        open(variables_file, "w").close()
        env = dict(os.environ, JOB_OUTPUT_VARIABLES=variables_file,
                   CODEPIPELINE_PIPELINE_NAME=context["pipelineName"],
                   CODEPIPELINE_PIPELINE_EXECUTION_ID=context.get("pipelineExecutionId", ""),
                   CODEPIPELINE_STAGE_NAME=context["stage"]["name"],
                   CODEPIPELINE_ACTION_NAME=context["action"]["name"])
        for secret in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            env.pop(secret, None)
        run = subprocess.run(["bash", "-c", command], cwd=source, env=env, capture_output=True, text=True,
                             timeout=args.command_timeout)
        output = (run.stdout + run.stderr).strip()
        if run.returncode != 0:
            tail = "\n".join(output.splitlines()[-10:])
            fail(codepipeline, job_id, "JobFailed", f"Command exited with {run.returncode}: {tail}"[:5000])
            return
        for artifact in data.get("outputArtifacts", []):
            upload(s3, artifact, source, workdir)
        variables = read_variables(variables_file)
        summary = (output.splitlines() or ["Command succeeded"])[-1][:2048]
        codepipeline.put_job_success_result(
            jobId=job_id,
            executionDetails={"summary": summary, "externalExecutionId": job_id, "percentComplete": 100},
            outputVariables=variables)
        log.info("job %s succeeded with %d output variable(s)", job_id, len(variables))
    except subprocess.TimeoutExpired:
        fail(codepipeline, job_id, "JobFailed", f"Command ran longer than {args.command_timeout:.0f} seconds")
    except Exception as error:  # report every failure: an unreported job fails only when the action times out
        log.exception("job %s failed", job_id)
        fail(codepipeline, job_id, "JobFailed", f"{type(error).__name__}: {error}"[:5000])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def artifact_client(credentials, args):
    """An S3 client with the job's temporary credentials: they reach this job's artifacts only, while it runs."""
    return boto3.client("s3", endpoint_url=args.s3_endpoint_url, region_name=args.region,
                        aws_access_key_id=credentials["accessKeyId"],
                        aws_secret_access_key=credentials["secretAccessKey"],
                        aws_session_token=credentials["sessionToken"],
                        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))


def download(s3, artifact, target, workdir):
    location = artifact["location"]["s3Location"]
    archive = os.path.join(workdir, artifact["name"] + ".zip")
    s3.download_file(location["bucketName"], location["objectKey"], archive)
    with zipfile.ZipFile(archive) as zip_file:
        for member in zip_file.namelist():
            path = os.path.realpath(os.path.join(target, member))
            if not path.startswith(os.path.realpath(target) + os.sep):
                raise ValueError(f"input artifact {artifact['name']} holds a path outside its directory: {member}")
        zip_file.extractall(target)
    os.remove(archive)


def upload(s3, artifact, source, workdir):
    location = artifact["location"]["s3Location"]
    archive = shutil.make_archive(os.path.join(workdir, "out-" + artifact["name"]), "zip", root_dir=source)
    s3.upload_file(archive, location["bucketName"], location["objectKey"])


def read_variables(path):
    variables = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if "=" in line:
                key, value = line.split("=", 1)
                variables[key.strip()] = value
    if len(variables) > MAX_OUTPUT_VARIABLES:
        raise ValueError(f"the command wrote {len(variables)} output variables, at most {MAX_OUTPUT_VARIABLES}")
    return variables


def fail(codepipeline, job_id, failure_type, message):
    codepipeline.put_job_failure_result(jobId=job_id, failureDetails={
        "type": failure_type, "message": message, "externalExecutionId": job_id})
    log.info("job %s failed: %s", job_id, message)


if __name__ == "__main__":
    main()
