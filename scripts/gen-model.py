#!/usr/bin/env python3
"""Writes src/model/generated.ts: the wire shapes of the operations cognate implements.

The facts (member names, types, constraints, error lists, auth type) are read from the botocore
service model that ships with the AWS CLI on this machine; AWS's documentation strings are dropped
(ours live in src/model/docs.ts). Run `npm run gen:model` after adding a name to OPERATIONS below.
"""
import gzip, json, os, sys, glob

OPERATIONS = [
    # pools and clients
    "CreateUserPool", "DescribeUserPool", "ListUserPools", "UpdateUserPool", "DeleteUserPool",
    "SetUserPoolMfaConfig", "GetUserPoolMfaConfig",
    "CreateUserPoolClient", "DescribeUserPoolClient", "ListUserPoolClients", "DeleteUserPoolClient",
    # users
    "AdminCreateUser", "AdminGetUser", "AdminDeleteUser", "ListUsers", "AdminSetUserPassword",
    "AdminConfirmSignUp", "AdminUpdateUserAttributes", "AdminDisableUser", "AdminEnableUser", "GetUser",
    # sign-in and sign-out
    "InitiateAuth", "AdminInitiateAuth", "RespondToAuthChallenge", "AdminRespondToAuthChallenge",
    "GlobalSignOut", "AdminUserGlobalSignOut", "RevokeToken",
    # the seed
    "SetUserSettings", "AdminSetUserSettings",
    # MFA preferences and TOTP (issue 5)
    "SetUserMFAPreference", "AdminSetUserMFAPreference", "AssociateSoftwareToken", "VerifySoftwareToken",
    # self-service (issue 5)
    "SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword",
    "ChangePassword", "UpdateUserAttributes", "GetUserAttributeVerificationCode", "VerifyUserAttribute", "DeleteUser",
    # groups (issue 11)
    "CreateGroup", "GetGroup", "ListGroups", "UpdateGroup", "DeleteGroup",
    "AdminAddUserToGroup", "AdminRemoveUserFromGroup", "AdminListGroupsForUser", "ListUsersInGroup",
    # pool and client parity (issue 11)
    "AddCustomAttributes", "UpdateUserPoolClient",
    "AddUserPoolClientSecret", "DeleteUserPoolClientSecret", "ListUserPoolClientSecrets",
    "TagResource", "UntagResource", "ListTagsForResource",
    # user and token parity (issue 11)
    "AdminDeleteUserAttributes", "DeleteUserAttributes", "AdminResetUserPassword", "GetUserAuthFactors",
    "GetTokensFromRefreshToken",
    # OAuth management (issue 12): resource servers, identity providers, UI customization
    "CreateResourceServer", "DescribeResourceServer", "ListResourceServers", "UpdateResourceServer", "DeleteResourceServer",
    "CreateIdentityProvider", "DescribeIdentityProvider", "ListIdentityProviders", "UpdateIdentityProvider",
    "DeleteIdentityProvider", "GetIdentityProviderByIdentifier", "AdminLinkProviderForUser", "AdminDisableProviderForUser",
    "GetUICustomization", "SetUICustomization",
    # domains of the hosted sign-in pages and OAuth 2.0 endpoints (issue 12)
    "CreateUserPoolDomain", "DescribeUserPoolDomain", "UpdateUserPoolDomain", "DeleteUserPoolDomain",
    "GetSigningCertificate",
    # remembered devices
    "ConfirmDevice", "GetDevice", "ListDevices", "ForgetDevice", "UpdateDeviceStatus",
    "AdminGetDevice", "AdminListDevices", "AdminForgetDevice", "AdminUpdateDeviceStatus",
    # bulk user import from a CSV file
    "GetCSVHeader", "CreateUserImportJob", "DescribeUserImportJob", "ListUserImportJobs",
    "StartUserImportJob", "StopUserImportJob",
]

# Where the service accepts more than the model's pattern says. DomainType's pattern has no dots, yet
# CreateUserPoolDomain takes a custom domain's full name (auth.example.com) in that member; the prefix rule
# (no dots) is then checked by the operation (src/domain/domains.ts).
PATTERN_OVERRIDES = {
    "DomainType": "^[a-z0-9](?:[a-z0-9\\-.]{0,61}[a-z0-9])?$",
}

KEEP = ("type", "min", "max", "pattern", "enum", "required", "sensitive", "exception", "error", "box")


def model_dir():
    import botocore  # the AWS CLI's own copy
    return os.path.join(os.path.dirname(botocore.__file__), "data", "cognito-idp", "2016-04-18")


def find_model():
    return json.load(gzip.open(os.path.join(model_dir(), "service-2.json.gz")))


def find_paginators():
    """botocore's paginators-1.json (plain or gzipped), as the AWS CLI pages list operations with it."""
    base = model_dir()
    plain = os.path.join(base, "paginators-1.json")
    if os.path.exists(plain):
        return json.load(open(plain))
    return json.load(gzip.open(plain + ".gz"))


def main():
    m = find_model()
    shapes, ops = {}, {}

    def visit(name):
        if name in shapes:
            return
        s = m["shapes"][name]
        out = {k: s[k] for k in KEEP if k in s}
        if s["type"] == "structure":
            out["members"] = {k: {"shape": v["shape"]} for k, v in s.get("members", {}).items()}
            shapes[name] = out
            for v in s.get("members", {}).values():
                visit(v["shape"])
        elif s["type"] == "list":
            out["member"] = s["member"]["shape"]
            shapes[name] = out
            visit(s["member"]["shape"])
        elif s["type"] == "map":
            out["key"] = s["key"]["shape"]
            out["value"] = s["value"]["shape"]
            shapes[name] = out
            visit(s["key"]["shape"])
            visit(s["value"]["shape"])
        else:
            if name in PATTERN_OVERRIDES:
                out["pattern"] = PATTERN_OVERRIDES[name]
            shapes[name] = out

    for op in OPERATIONS:
        o = m["operations"][op]
        entry = {
            "name": op,
            "input": o["input"]["shape"],
            "output": o.get("output", {}).get("shape"),
            "errors": [e["shape"] for e in o.get("errors", [])],
            "auth": "none" if o.get("authtype") == "none" else "sigv4",
        }
        ops[op] = entry
        visit(entry["input"])
        if entry["output"]:
            visit(entry["output"])
        for e in entry["errors"]:
            visit(e)

    def ts_type(name):
        s = shapes[name]
        t = s["type"]
        if t == "structure":
            return name
        if t == "list":
            return f"Array<{ts_type(s['member'])}>"
        if t == "map":
            return f"Record<string, {ts_type(s['value'])}>"
        if t == "string":
            if "enum" in s:
                return name
            return "string"
        if t in ("integer", "long", "double", "float", "timestamp"):
            return "number"
        if t == "boolean":
            return "boolean"
        if t == "blob":
            return "string"
        raise SystemExit(f"unhandled type {t}")

    w = sys.stdout.write
    w("// Generated by scripts/gen-model.py from the botocore model of cognito-idp 2016-04-18.\n")
    w("// Do not edit by hand: add the operation to the script and run `npm run gen:model`.\n")
    w("import type { OperationModel, ShapeModel } from './types.js';\n\n")
    w("export const API_VERSION = " + json.dumps(m["metadata"]["apiVersion"]) + ";\n")
    w("export const TARGET_PREFIX = " + json.dumps(m["metadata"]["targetPrefix"]) + ";\n\n")
    w("export const OPERATION_MODELS = {\n")
    for op in OPERATIONS:
        w(f"  {op}: {json.dumps(ops[op])},\n")
    w("} as const satisfies Record<string, OperationModel>;\n\n")
    w("export type OperationName = keyof typeof OPERATION_MODELS;\n\n")
    w("export const SHAPES: Record<string, ShapeModel> = {\n")
    for name in sorted(shapes):
        w(f"  {name}: {json.dumps(shapes[name])},\n")
    w("};\n\n")
    for name in sorted(shapes):
        s = shapes[name]
        if s["type"] == "string" and "enum" in s:
            w(f"export type {name} = " + " | ".join(json.dumps(v) for v in s["enum"]) + ";\n")
    w("\n")
    for name in sorted(shapes):
        s = shapes[name]
        if s["type"] != "structure" or s.get("exception"):
            continue
        req = set(s.get("required", []))
        w(f"export interface {name} {{\n")
        for mem, ref in s["members"].items():
            opt = "" if mem in req else "?"
            w(f"  {mem}{opt}: {ts_type(ref['shape'])};\n")
        w("}\n\n")
    w("export interface OperationIO {\n")
    for op in OPERATIONS:
        o = ops[op]
        out = o["output"] or "Record<string, never>"
        w(f"  {op}: {{ input: {o['input']}; output: {out} }};\n")
    w("}\n")

    # The command line's names, computed with botocore's own xform_name so that they match the AWS CLI's
    # (MFAOptions -> mfa-options, SMSMfaSettings -> sms-mfa-settings).
    from botocore import xform_name
    w("\n/** `cognate cognito-idp` operation names (kebab-case), as the AWS CLI derives them. */\n")
    w("export const CLI_OPERATION_NAMES: Record<OperationName, string> = {\n")
    for op in OPERATIONS:
        w(f"  {op}: {json.dumps(xform_name(op, '-'))},\n")
    w("};\n\n")
    members = sorted({mem for op in OPERATIONS for mem in shapes[ops[op]["input"]]["members"]})
    w("/** Option names (without the leading `--`) of the top-level input members. */\n")
    w("export const CLI_MEMBER_NAMES: Record<string, string> = {\n")
    for mem in members:
        w(f"  {mem}: {json.dumps(xform_name(mem, '-'))},\n")
    w("};\n\n")
    pag = find_paginators()["pagination"]
    w("/** botocore's paginators for the supported list operations (the AWS CLI pages these automatically). */\n")
    w("export const PAGINATORS: Partial<Record<OperationName, { input_token: string; output_token: string; limit_key?: string; result_key: string }>> = {\n")
    for op in OPERATIONS:
        if op in pag:
            w(f"  {op}: {json.dumps(pag[op], sort_keys=True)},\n")
    w("};\n")


main()
