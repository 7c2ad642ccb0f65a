"""What the boto3 drivers share: a client with no retries, and errors recorded instead of raised.

The drivers run as scripts (python3 test/compat/boto3_X.py URL), so this file is found beside them.
"""
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def cognito_client(endpoint):
    """A cognito-idp client for the server at `endpoint`, with one attempt per call (no retries hide errors)."""
    return boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def error_recorder(idp, detailed=False):
    """error_of(call, **kwargs): None when the call succeeds, else what botocore parsed of the error.

    Always the code, the message and whether botocore raised the modelled exception class; `detailed`
    adds the HTTP status, the request id, the class name and str(e).
    """

    def error_of(call, **kwargs):
        try:
            call(**kwargs)
        except ClientError as e:
            code = e.response["Error"]["Code"]
            out = {
                "Code": code,
                "Message": e.response["Error"]["Message"],
                "IsModeledClass": isinstance(e, getattr(idp.exceptions, code, ())),
            }
            if detailed:
                out["HTTPStatusCode"] = e.response["ResponseMetadata"]["HTTPStatusCode"]
                out["RequestId"] = e.response["ResponseMetadata"].get("RequestId")
                out["ExceptionClass"] = type(e).__name__
                out["Str"] = str(e)
            return out
        return None

    return error_of
