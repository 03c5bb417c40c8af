import type { OutputItem, ResponseStatus } from './answer.js';
import type { ResponsesEcho } from './request.js';

/**
 * Pre-serialised pieces of the Responses stream events. A stream repeats the response object three times
 * (created, in_progress, completed) with the request's echo in each, and its whole text four times at the
 * end (output_text.done, content_part.done, output_item.done, completed); writing each piece once and
 * joining strings costs a fraction of serialising every event's object. Every function here writes exactly
 * the bytes `JSON.stringify` gives for the object `responseObject` (answer.ts) or the generic event would
 * build, in the same key order: stream.test.ts compares them.
 */

/** The names of the events written through `eventJson`: plain identifiers, so they need no escaping. */
export type ResponsesEventName =
  | 'response.created'
  | 'response.in_progress'
  | 'response.completed'
  | 'response.incomplete'
  | 'response.output_text.delta'
  | 'response.output_text.done'
  | 'response.content_part.done'
  | 'response.output_item.done';

/** One SSE event: `fields` is the serialised rest of its data object after type and sequence_number, each with a leading comma. */
export function eventJson(name: ResponsesEventName, sequence: number, fields: string): string {
  return `event: ${name}\ndata: {"type":"${name}","sequence_number":${sequence}${fields}}\n\n`;
}

/** The echoed request parameters as they close the response object (`,"instructions":…`), written once per stream. */
export function echoJson(echo: ResponsesEcho): string {
  const tail = JSON.stringify({
    instructions: echo.instructions,
    metadata: echo.metadata,
    tools: echo.tools,
    tool_choice: echo.tool_choice,
    parallel_tool_calls: echo.parallel_tool_calls,
    text: echo.text,
    max_output_tokens: echo.max_output_tokens,
    temperature: echo.temperature,
    top_p: echo.top_p,
    user: echo.user,
  });
  return tail === '{}' ? '' : `,${tail.slice(1, -1)}`;
}

export interface ResponseHead {
  id: string;
  createdAt: number;
  model: string;
}

/** The response object with its output items already serialised. */
export function responseJson(
  head: ResponseHead,
  state: { status: ResponseStatus; incomplete_details: { reason: string } | null; usage: Record<string, unknown> | null },
  outputJson: string[],
  echoTail: string,
): string {
  const incomplete = state.incomplete_details === null ? 'null' : JSON.stringify(state.incomplete_details);
  const usage = state.usage === null ? 'null' : JSON.stringify(state.usage);
  return (
    `{"id":${JSON.stringify(head.id)},"object":"response","created_at":${head.createdAt},"status":"${state.status}","error":null,` +
    `"incomplete_details":${incomplete},"model":${JSON.stringify(head.model)},"output":[${outputJson.join(',')}],` +
    `"previous_response_id":null,"reasoning":null,"store":false,"truncation":"disabled","usage":${usage}${echoTail}}`
  );
}

/** A closed message item's text once serialised, with the part and item that carry it. */
export function messageJson(item: Extract<OutputItem, { type: 'message' }>): { text: string; part: string; item: string } {
  const text = JSON.stringify(item.content[0]?.text ?? '');
  const part = `{"type":"output_text","text":${text},"annotations":[],"logprobs":[]}`;
  return {
    text,
    part,
    item: `{"type":"message","id":${JSON.stringify(item.id)},"status":"${item.status}","role":"assistant","content":[${part}]}`,
  };
}
