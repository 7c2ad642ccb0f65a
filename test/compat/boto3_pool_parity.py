#!/usr/bin/env python3
"""Drives the pool and client parity operations through boto3 against a cognate server; prints JSON.

Usage: python3 test/compat/boto3_pool_parity.py ENDPOINT_URL

Run by test/compat/boto3-pool-parity.test.ts, which asserts on the summary. Like boto3_flow.py it
asserts nothing itself: it records what boto3 returned, or the error botocore parsed, at each step.
"""
import json
import sys

from boto3_common import cognito_client, error_recorder


def main(endpoint):
    idp = cognito_client(endpoint)
    out = {}

    error_of = error_recorder(idp)

    pool = idp.create_user_pool(PoolName="parity", UserPoolTags={"team": "identity"})["UserPool"]
    pool_id, arn = pool["Id"], pool["Arn"]
    idp.add_custom_attributes(
        UserPoolId=pool_id,
        CustomAttributes=[
            {"Name": "tier", "AttributeDataType": "String", "StringAttributeConstraints": {"MaxLength": "16"}},
            {"Name": "internal", "AttributeDataType": "Number", "DeveloperOnlyAttribute": True},
        ],
    )
    schema = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]
    out["customNames"] = [a["Name"] for a in schema if "custom:" in a["Name"]]
    out["existingAttribute"] = error_of(
        idp.add_custom_attributes, UserPoolId=pool_id, CustomAttributes=[{"Name": "tier", "AttributeDataType": "String"}]
    )

    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", GenerateSecret=True, AccessTokenValidity=2)["UserPoolClient"]
    client_id = client["ClientId"]
    updated = idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client_id, ClientName="renamed")["UserPoolClient"]
    out["updatedName"] = updated["ClientName"]
    out["updatedAccessTokenValidity"] = updated.get("AccessTokenValidity")

    added = idp.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=client_id)["ClientSecretDescriptor"]
    out["addedHasValue"] = "ClientSecretValue" in added
    out["addedDateType"] = type(added["ClientSecretCreateDate"]).__name__
    listed = idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)["ClientSecrets"]
    out["listedIds"] = [d["ClientSecretId"] for d in listed]
    out["listedValues"] = [d.get("ClientSecretValue") for d in listed]
    out["thirdSecret"] = error_of(idp.add_user_pool_client_secret, UserPoolId=pool_id, ClientId=client_id)
    idp.delete_user_pool_client_secret(UserPoolId=pool_id, ClientId=client_id, ClientSecretId=listed[0]["ClientSecretId"])
    out["afterDelete"] = [d["ClientSecretId"] for d in idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)["ClientSecrets"]]
    out["addedId"] = added["ClientSecretId"]

    idp.tag_resource(ResourceArn=arn, Tags={"env": "test"})
    idp.untag_resource(ResourceArn=arn, TagKeys=["team"])
    out["tags"] = idp.list_tags_for_resource(ResourceArn=arn)["Tags"]
    out["unknownPoolArn"] = error_of(idp.list_tags_for_resource, ResourceArn="arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AAAAAAAAA")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
