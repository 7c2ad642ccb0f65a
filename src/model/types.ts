/** The shape vocabulary of an AWS JSON 1.1 service model, as src/model/generated.ts uses it. */
export type ShapeModel =
  | { type: 'structure'; members: Record<string, { shape: string }>; required?: string[]; sensitive?: boolean; exception?: boolean; error?: unknown }
  | { type: 'list'; member: string; min?: number; max?: number; sensitive?: boolean }
  | { type: 'map'; key: string; value: string; min?: number; max?: number; sensitive?: boolean }
  | { type: 'string'; min?: number; max?: number; pattern?: string; enum?: string[]; sensitive?: boolean }
  | { type: 'integer' | 'long' | 'double' | 'float'; min?: number; max?: number; box?: boolean }
  | { type: 'boolean'; box?: boolean }
  | { type: 'timestamp' }
  | { type: 'blob'; min?: number; max?: number; sensitive?: boolean };

/** One operation: its input/output shape names, the errors it may raise and how it is authorised. */
export interface OperationModel {
  readonly name: string;
  readonly input: string;
  readonly output: string | null;
  readonly errors: readonly string[];
  /** `none`: authorised by a token in the body only; `sigv4`: an IAM-signed administrative call. */
  readonly auth: 'none' | 'sigv4';
}
