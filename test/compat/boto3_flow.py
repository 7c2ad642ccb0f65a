#!/usr/bin/env python3
"""Drives the SetUserSettings flow through boto3 against a cognate server and prints a JSON summary.

Usage: python3 test/compat/boto3_flow.py ENDPOINT_URL

Run by test/compat/boto3.test.ts, which asserts on the summary. The script itself asserts nothing: it
records what boto3 returned (or the error botocore parsed) at each step, so a failing step shows up as a
wrong value in the summary rather than as a Python traceback.
"""
import json
import sys
import urllib.parse
import urllib.request

import boto3
import botocore

from boto3_common import cognito_client, error_recorder

PASSWORD = "Passw0rd!"
PHONE = "+15555551234"
SMS = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]


def main(endpoint):
    idp = cognito_client(endpoint)
    out = {"boto3": boto3.__version__, "botocore": botocore.__version__}

    error_of = error_recorder(idp, detailed=True)

    pool = idp.create_user_pool(
        PoolName="boto3",
        MfaConfiguration="OPTIONAL",
        SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "boto3"},
    )["UserPool"]
    pool_id = pool["Id"]
    out["poolId"] = pool_id
    out["poolMfaConfiguration"] = pool["MfaConfiguration"]
    # botocore turns epoch-second timestamps into datetimes; record the type it produced.
    out["creationDateType"] = type(pool["CreationDate"]).__name__
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )["UserPoolClient"]["ClientId"]
    out["clientId"] = client_id
    out["createdStatus"] = idp.admin_create_user(
        UserPoolId=pool_id, Username="alice", UserAttributes=[{"Name": "phone_number", "Value": PHONE}], MessageAction="SUPPRESS"
    )["User"]["UserStatus"]
    idp.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=PASSWORD, Permanent=True)

    def sign_in():
        return idp.initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD}
        )

    first = sign_in()
    out["firstSignInChallenge"] = first.get("ChallengeName")
    token = first["AuthenticationResult"]["AccessToken"]

    on = idp.set_user_settings(AccessToken=token, MFAOptions=SMS)
    # Everything but ResponseMetadata is the operation's output: it must be empty.
    out["setUserSettingsOutput"] = {k: v for k, v in on.items() if k != "ResponseMetadata"}
    out["setUserSettingsStatus"] = on["ResponseMetadata"]["HTTPStatusCode"]
    out["setUserSettingsRequestId"] = on["ResponseMetadata"].get("RequestId")
    out["getUserMFAOptions"] = idp.get_user(AccessToken=token).get("MFAOptions")

    challenged = sign_in()
    out["challengeName"] = challenged.get("ChallengeName")
    out["challengeParameters"] = challenged.get("ChallengeParameters")
    query = urllib.parse.urlencode({"poolId": pool_id, "username": "alice"})
    with urllib.request.urlopen(f"{endpoint}/_cognate/messages?{query}") as res:
        messages = json.load(res)["messages"]
    out["outboxCount"] = len(messages)
    out["outboxDestination"] = messages[-1]["destination"]
    code = messages[-1]["code"]

    wrong = "111111" if code == "000000" else "000000"
    out["wrongCodeError"] = error_of(
        idp.respond_to_auth_challenge,
        ClientId=client_id, ChallengeName="SMS_MFA", Session=challenged["Session"],
        ChallengeResponses={"USERNAME": "alice", "SMS_MFA_CODE": wrong},
    )
    answered = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="SMS_MFA", Session=challenged["Session"],
        ChallengeResponses={"USERNAME": "alice", "SMS_MFA_CODE": code},
    )
    result = answered.get("AuthenticationResult", {})
    out["tokensAfterChallenge"] = sorted(k for k in ("AccessToken", "IdToken", "RefreshToken") if result.get(k))
    new_token = result["AccessToken"]

    idp.set_user_settings(AccessToken=new_token, MFAOptions=[])
    admin = idp.admin_get_user(UserPoolId=pool_id, Username="alice")
    out["adminGetUserHasMFAOptions"] = "MFAOptions" in admin
    out["phoneNumberVerified"] = next((a["Value"] for a in admin["UserAttributes"] if a["Name"] == "phone_number_verified"), None)
    out["signInAfterOff"] = "tokens" if "AuthenticationResult" in sign_in() else "challenge"

    idp.admin_set_user_settings(UserPoolId=pool_id, Username="alice", MFAOptions=SMS)
    out["adminSetListUsersMFAOptions"] = idp.list_users(UserPoolId=pool_id)["Users"][0].get("MFAOptions")
    idp.admin_set_user_settings(UserPoolId=pool_id, Username="alice", MFAOptions=[])

    # How botocore parses cognate's errors.
    out["garbageTokenError"] = error_of(idp.set_user_settings, AccessToken="garbage", MFAOptions=SMS)
    out["emailAttributeError"] = error_of(
        idp.set_user_settings, AccessToken=new_token, MFAOptions=[{"DeliveryMedium": "EMAIL", "AttributeName": "email"}]
    )
    out["missingPoolError"] = error_of(
        idp.admin_set_user_settings, UserPoolId="us-east-1_AAAAAAAAA", Username="alice", MFAOptions=SMS
    )
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
