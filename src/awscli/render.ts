/**
 * From a call's result to the text on stdout: paginated results merged (or, for `text`, printed page
 * by page as the AWS CLI does), `--query` applied, then the chosen format.
 */
import type { CallResult } from './types.js';
import { formatJson, formatTableOutput, formatText, formatYaml } from './output.js';

/** A call's result and how to print it. */
export interface RenderInput {
  operation: string;
  result: CallResult;
  output: string;
  query: unknown;
  color: 'on' | 'off' | 'auto';
  stdout: { isTTY?: boolean; columns?: number };
}

async function applyQuery(query: unknown, data: unknown): Promise<unknown> {
  if (!query) return data;
  const { search } = await import('./query.js');
  return search(query as { expression: string }, data);
}

/** The text for stdout (possibly empty). */
export async function render(input: RenderInput): Promise<string> {
  const { result, output, query } = input;
  if (output === 'text' && result.kind === 'pages') {
    let out = '';
    for (const page of result.pages) {
      const current = { [result.resultKey]: page[result.resultKey] ?? null };
      out += formatText(await applyQuery(query, current));
    }
    if (result.resumeToken) out += formatText(await applyQuery(query, { NextToken: { NextToken: result.resumeToken } }));
    return out;
  }
  let data: unknown;
  if (result.kind === 'pages') {
    const merged: Record<string, unknown> = {};
    let items: unknown[] | undefined;
    for (const page of result.pages) {
      const v = page[result.resultKey];
      if (v === undefined || v === null) continue;
      if (items === undefined) items = Array.isArray(v) ? [...v] : [v];
      else if (Array.isArray(v)) items.push(...v);
    }
    if (items !== undefined) merged[result.resultKey] = items;
    if (result.resumeToken) merged.NextToken = result.resumeToken;
    data = merged;
  } else {
    data = result.data;
  }
  data = await applyQuery(query, data);
  switch (output) {
    case 'json':
      return formatJson(data);
    case 'text':
      return formatText(data);
    case 'table': {
      const color = input.color === 'on' || (input.color === 'auto' && Boolean(input.stdout.isTTY));
      const width = input.stdout.isTTY ? (input.stdout.columns ?? 80) : 80;
      return formatTableOutput(input.operation, data, color, width);
    }
    case 'yaml':
      return formatYaml(data, false);
    case 'yaml-stream':
      return formatYaml(data, true);
    default:
      return formatJson(data);
  }
}
