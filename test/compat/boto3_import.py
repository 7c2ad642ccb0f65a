#!/usr/bin/env python3
"""Drives a user import through boto3 against a cognate server; prints JSON.

Usage: python3 test/compat/boto3_import.py ENDPOINT_URL

Run by test/compat/boto3-import.test.ts, which asserts on the summary. The CSV goes to the job's
PreSignedUrl with an HTTP PUT, as the AWS documentation does it with curl (urllib here: no extra package).
"""
import csv
import io
import json
import sys
import urllib.error
import urllib.request

from boto3_common import cognito_client, error_recorder

ROLE = "arn:aws:iam::123456789012:role/CognitoImport"


def put(url, body):
    req = urllib.request.Request(url, data=body.encode(), method="PUT", headers={"x-amz-server-side-encryption": "aws:kms"})
    try:
        with urllib.request.urlopen(req) as res:
            return res.status
    except urllib.error.HTTPError as e:
        return e.code


def main(endpoint):
    idp = cognito_client(endpoint)
    error_of = error_recorder(idp)
    out = {}

    pool_id = idp.create_user_pool(PoolName="import", MfaConfiguration="OFF", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    header = idp.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    out["headerTail"] = header[-2:]
    job = idp.create_user_import_job(UserPoolId=pool_id, JobName="boto3", CloudWatchLogsRoleArn=ROLE)["UserImportJob"]
    out["createdStatus"] = job["Status"]
    out["creationDateType"] = type(job["CreationDate"]).__name__

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, restval="")
    writer.writeheader()
    writer.writerow({"cognito:username": "py-ann", "email": "ann@example.com", "email_verified": "true", "cognito:mfa_enabled": "false", "name": "Ann, Py"})
    writer.writerow({"cognito:username": "py-bad", "email": "bad@example.com", "email_verified": "true", "cognito:mfa_enabled": "maybe"})
    out["uploadStatus"] = put(job["PreSignedUrl"], buf.getvalue())

    started = idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]
    out["startedStatus"] = started["Status"]
    described = idp.describe_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]
    out["counts"] = [described["ImportedUsers"], described["SkippedUsers"], described["FailedUsers"]]
    user = idp.admin_get_user(UserPoolId=pool_id, Username="py-ann")
    out["userStatus"] = user["UserStatus"]
    out["name"] = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "name")
    out["listed"] = [j["JobId"] == job["JobId"] for j in idp.list_user_import_jobs(UserPoolId=pool_id, MaxResults=10)["UserImportJobs"]]
    out["stopDone"] = error_of(idp.stop_user_import_job, UserPoolId=pool_id, JobId=job["JobId"])
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
