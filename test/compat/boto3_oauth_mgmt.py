#!/usr/bin/env python3
"""Drives the OAuth management operations through boto3 against a cognate server; prints JSON.

Usage: python3 test/compat/boto3_oauth_mgmt.py ENDPOINT_URL

Run by test/compat/boto3-oauth-mgmt.test.ts, which asserts on the summary. Like the other drivers it
asserts nothing itself: it records what boto3 returned, or the error botocore parsed, at each step.
"""
import json
import sys

from boto3_common import cognito_client, error_recorder

OIDC = {
    "client_id": "rp",
    "client_secret": "rp-secret",
    "authorize_scopes": "openid email",
    "attributes_request_method": "GET",
    "oidc_issuer": "https://issuer.example.com",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def main(endpoint):
    idp = cognito_client(endpoint)
    out = {}

    error_of = error_recorder(idp)

    pool_id = idp.create_user_pool(PoolName="oauth")["UserPool"]["Id"]

    # Resource servers, listed with boto3's own paginator.
    for name in ["c", "a", "b"]:
        idp.create_resource_server(
            UserPoolId=pool_id, Identifier=f"https://{name}.example.com", Name=name,
            Scopes=[{"ScopeName": "read", "ScopeDescription": "Read"}],
        )
    pages = idp.get_paginator("list_resource_servers").paginate(UserPoolId=pool_id, PaginationConfig={"PageSize": 2})
    out["resourceServers"] = [rs["Identifier"] for page in pages for rs in page["ResourceServers"]]
    out["duplicateServer"] = error_of(idp.create_resource_server, UserPoolId=pool_id, Identifier="https://a.example.com", Name="again")

    # Identity providers.
    created = idp.create_identity_provider(
        UserPoolId=pool_id, ProviderName="MyOIDC", ProviderType="OIDC", ProviderDetails=OIDC,
        AttributeMapping={"email": "email"}, IdpIdentifiers=["example.com"],
    )["IdentityProvider"]
    out["providerDateType"] = type(created["CreationDate"]).__name__
    out["providerMapping"] = created["AttributeMapping"]
    out["byIdentifier"] = idp.get_identity_provider_by_identifier(UserPoolId=pool_id, IdpIdentifier="example.com")["IdentityProvider"]["ProviderName"]
    out["duplicateProvider"] = error_of(
        idp.create_identity_provider, UserPoolId=pool_id, ProviderName="MyOIDC", ProviderType="OIDC", ProviderDetails=OIDC,
    )
    out["badDetails"] = error_of(
        idp.create_identity_provider, UserPoolId=pool_id, ProviderName="Other", ProviderType="OIDC", ProviderDetails={"client_id": "x"},
    )
    updated = idp.update_identity_provider(UserPoolId=pool_id, ProviderName="MyOIDC", IdpIdentifiers=["example.org"])["IdentityProvider"]
    out["updatedIdentifiers"] = updated["IdpIdentifiers"]
    out["providers"] = [p["ProviderName"] for p in idp.list_identity_providers(UserPoolId=pool_id)["Providers"]]

    # A client with OAuth settings naming both, and a refused one.
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "https://a.example.com/read"], CallbackURLs=["https://app.example.com/cb"],
        SupportedIdentityProviders=["COGNITO", "MyOIDC"],
    )["UserPoolClient"]
    out["clientScopes"] = client["AllowedOAuthScopes"]
    out["unknownScope"] = error_of(
        idp.create_user_pool_client, UserPoolId=pool_id, ClientName="bad", AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"], AllowedOAuthScopes=["https://a.example.com/write"], CallbackURLs=["https://app.example.com/cb"],
    )
    out["noSecret"] = error_of(
        idp.create_user_pool_client, UserPoolId=pool_id, ClientName="machine", AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=["https://a.example.com/read"],
    )

    # Linking an identity to a user.
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS")
    idp.admin_link_provider_for_user(
        UserPoolId=pool_id,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "alice"},
        SourceUser={"ProviderName": "MyOIDC", "ProviderAttributeName": "Cognito_Subject", "ProviderAttributeValue": "ext-1"},
    )
    attrs = idp.admin_get_user(UserPoolId=pool_id, Username="alice")["UserAttributes"]
    identities = json.loads(next(a["Value"] for a in attrs if a["Name"] == "identities"))
    out["identities"] = [(i["providerName"], i["userId"]) for i in identities]
    idp.admin_disable_provider_for_user(
        UserPoolId=pool_id, User={"ProviderName": "MyOIDC", "ProviderAttributeName": "Cognito_Subject", "ProviderAttributeValue": "ext-1"},
    )
    attrs = idp.admin_get_user(UserPoolId=pool_id, Username="alice")["UserAttributes"]
    out["identitiesAfterDisable"] = [a["Name"] for a in attrs if a["Name"] == "identities"]

    # UI customization: boto3 base64-encodes the bytes it is given; the pool needs a domain first.
    out["uiWithoutDomain"] = error_of(idp.set_ui_customization, UserPoolId=pool_id, CSS=".label-customizable { color: red; }")
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=f"boto3-ui-{pool_id.split('_')[1].lower()}")
    set_ = idp.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=".label-customizable { color: red; }", ImageFile=PNG)["UICustomization"]
    out["imageUrlPrefix"] = set_["ImageUrl"][: len("data:image/png;base64,")]
    out["imageRoundTrip"] = set_["ImageUrl"].split(",", 1)[1] == __import__("base64").b64encode(PNG).decode()
    out["uiForClient"] = idp.get_ui_customization(UserPoolId=pool_id, ClientId=client["ClientId"])["UICustomization"]["ClientId"]
    out["badCss"] = error_of(idp.set_ui_customization, UserPoolId=pool_id, CSS="@import url(x);")

    idp.delete_identity_provider(UserPoolId=pool_id, ProviderName="MyOIDC")
    out["clientProvidersAfterDelete"] = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"]["SupportedIdentityProviders"]
    idp.delete_resource_server(UserPoolId=pool_id, Identifier="https://c.example.com")
    out["describeDeleted"] = error_of(idp.describe_resource_server, UserPoolId=pool_id, Identifier="https://c.example.com")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
