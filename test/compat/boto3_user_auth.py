#!/usr/bin/env python3
"""Drives a choice-based (USER_AUTH) passwordless sign-in through boto3 against a cognate server; prints JSON.

Usage: python3 test/compat/boto3_user_auth.py ENDPOINT_URL

Run by test/compat/boto3-user-auth.test.ts, which asserts on the summary. Like the other drivers it
asserts nothing itself: it records what boto3 returned, or the error botocore parsed, at each step. The
one-time code is read from cognate's outbox (GET /_cognate/messages), as a test would read an inbox.
"""
import json
import sys
import urllib.parse
import urllib.request

from boto3_common import cognito_client, error_recorder


def last_code(endpoint, pool_id, username):
    query = urllib.parse.urlencode({"poolId": pool_id, "username": username})
    with urllib.request.urlopen(f"{endpoint}/_cognate/messages?{query}") as res:
        return json.load(res)["messages"][-1]["code"]


def main(endpoint):
    idp = cognito_client(endpoint)
    out = {}
    error_of = error_recorder(idp)

    pool_id = idp.create_user_pool(
        PoolName="passwordless",
        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )["UserPoolClient"]["ClientId"]
    old_client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="old", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"]
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="bob",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}, {"Name": "email_verified", "Value": "true"}],
    )
    idp.admin_set_user_password(UserPoolId=pool_id, Username="bob", Password="Passw0rd!", Permanent=True)

    select = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "bob"})
    out["select"] = {k: select.get(k) for k in ("ChallengeName", "AvailableChallenges", "ChallengeParameters")}
    sent = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SELECT_CHALLENGE",
        Session=select["Session"],
        ChallengeResponses={"USERNAME": "bob", "ANSWER": "EMAIL_OTP"},
    )
    out["sent"] = {k: sent.get(k) for k in ("ChallengeName", "ChallengeParameters")}
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="EMAIL_OTP",
        Session=sent["Session"],
        ChallengeResponses={"USERNAME": "bob", "EMAIL_OTP_CODE": last_code(endpoint, pool_id, "bob")},
    )
    result = done.get("AuthenticationResult", {})
    out["tokens"] = sorted(k for k in ("AccessToken", "IdToken", "RefreshToken") if k in result)
    out["username"] = idp.get_user(AccessToken=result["AccessToken"])["Username"]
    out["refused"] = error_of(idp.initiate_auth, ClientId=old_client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "bob"})
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
