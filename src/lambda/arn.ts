/**
 * The parts of a Lambda function ARN that cognate needs to find or invoke the function. Only ARNs of the
 * form `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` are accepted, and NAME and QUALIFIER
 * only with the characters Lambda allows, so that a name can be used as a file name without leaving the
 * functions directory.
 */
export interface FunctionRef {
  arn: string;
  region: string;
  account: string;
  name: string;
  qualifier?: string;
}

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d{1}):(\d{12}):function:([a-zA-Z0-9-_]{1,64})(?::(\$LATEST|[a-zA-Z0-9-_]{1,128}))?$/;

/** The function an ARN names, or null when it is not a Lambda function ARN. */
export function parseFunctionArn(arn: string): FunctionRef | null {
  const m = FUNCTION_ARN.exec(arn);
  if (!m) return null;
  const ref: FunctionRef = { arn, region: m[1]!, account: m[2]!, name: m[3]! };
  if (m[4] !== undefined) ref.qualifier = m[4];
  return ref;
}
