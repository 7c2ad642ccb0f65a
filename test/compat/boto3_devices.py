#!/usr/bin/env python3
"""Drives device tracking and the device operations through boto3 against a cognate server; prints JSON.

Usage: python3 test/compat/boto3_devices.py ENDPOINT_URL

Run by test/compat/boto3-devices.test.ts, which asserts on the summary. It asserts nothing itself: it
records what boto3 returned, or the error botocore parsed, at each step.
"""
import json
import sys

from boto3_common import cognito_client, error_recorder

PASSWORD = "Passw0rd!"


def main(endpoint):
    idp = cognito_client(endpoint)
    error_of = error_recorder(idp)
    out = {}

    pool_id = idp.create_user_pool(
        PoolName="devices",
        MfaConfiguration="OFF",
        DeviceConfiguration={"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": True},
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=PASSWORD, Permanent=True)

    def sign_in(device_key=None):
        params = {"USERNAME": "alice", "PASSWORD": PASSWORD}
        if device_key:
            params["DEVICE_KEY"] = device_key
        return idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters=params)[
            "AuthenticationResult"
        ]

    result = sign_in()
    meta = result["NewDeviceMetadata"]
    key = meta["DeviceKey"]
    out["newDeviceMetadataKeys"] = sorted(meta)
    out["deviceKeyPrefix"] = key.split("_")[0]
    confirmed = idp.confirm_device(
        AccessToken=result["AccessToken"],
        DeviceKey=key,
        DeviceName="boto3",
        DeviceSecretVerifierConfig={"PasswordVerifier": "dmVyaWZpZXI=", "Salt": "c2FsdA=="},
    )
    out["userConfirmationNecessary"] = confirmed["UserConfirmationNecessary"]
    out["listedBeforeRemembering"] = idp.list_devices(AccessToken=result["AccessToken"])["Devices"]
    idp.admin_update_device_status(UserPoolId=pool_id, Username="alice", DeviceKey=key, DeviceRememberedStatus="remembered")
    device = idp.get_device(AccessToken=result["AccessToken"], DeviceKey=key)["Device"]
    out["deviceKey"] = device["DeviceKey"] == key
    out["attributes"] = {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}
    out["dateTypes"] = sorted({type(device[k]).__name__ for k in ("DeviceCreateDate", "DeviceLastModifiedDate", "DeviceLastAuthenticatedDate")})
    out["adminListed"] = [d["DeviceKey"] == key for d in idp.admin_list_devices(UserPoolId=pool_id, Username="alice")["Devices"]]

    again = sign_in(key)
    out["secondSignInHasMetadata"] = "NewDeviceMetadata" in again
    out["refreshWithoutDevice"] = error_of(
        idp.admin_initiate_auth,
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": again["RefreshToken"]},
    )
    refreshed = idp.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": again["RefreshToken"], "DEVICE_KEY": key},
    )["AuthenticationResult"]
    out["refreshed"] = "AccessToken" in refreshed

    idp.forget_device(AccessToken=result["AccessToken"], DeviceKey=key)
    out["getAfterForget"] = error_of(idp.get_device, AccessToken=result["AccessToken"], DeviceKey=key)
    out["adminGetAfterForget"] = error_of(idp.admin_get_device, UserPoolId=pool_id, Username="alice", DeviceKey=key)
    out["signInWithForgotten"] = error_of(
        idp.admin_initiate_auth,
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD, "DEVICE_KEY": key},
    )
    out["adminForgetMissingUser"] = error_of(idp.admin_forget_device, UserPoolId=pool_id, Username="nobody", DeviceKey=key)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
