import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Config section `siem`: named sinks that receive every finished exchange (OCSF API Activity or CEF) and
 * every guardrail finding (OCSF Detection Finding or CEF), never prompt or answer content. Each sink
 * queues in memory, spills to a spool directory on disk, and delivers in order, at least once.
 */

// Local copies of schema.ts's secretRef and URL rules: schema.ts imports this file, so importing it back
// would be a cycle evaluated before its constants exist.
const secretRef = z
  .string()
  .regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/, 'must be a secret reference such as env:SPLUNK_HEC_TOKEN or file:/run/secrets/hec, never the secret itself')
  .describe('Secret reference: env:NAME or file:PATH');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
// A sink name becomes a directory name under the spool root, so no separators and no leading dot.
const sinkName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and - only (max 64)');

export const SIEM_EVENT_KINDS = ['exchanges', 'findings', 'checkpoints'] as const;

export const SYSLOG_FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clock',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

const deliveryOptions = {
  enabled: z.boolean().default(true).describe('false keeps the sink configured but sends nothing and spools nothing'),
  events: z
    .array(z.enum(SIEM_EVENT_KINDS))
    .min(1)
    .default(['exchanges', 'findings', 'checkpoints'])
    .describe(
      "What to send: exchanges (one event per finished request), findings (one event per guardrail finding), checkpoints (every signed audit checkpoint, a copy of the trail's anchor outside the gateway)",
    ),
  spoolDir: z
    .string()
    .min(1)
    .optional()
    .describe("Directory for the on-disk queue and dead-letter file; default ./data/siem/<sink name>; relative to the configuration file's folder"),
  maxMemoryEvents: z.number().int().min(1).max(1_000_000).default(10_000).describe('Events held in memory before they spill to the spool directory'),
  maxDiskBytes: z
    .number()
    .int()
    .min(1024 * 1024)
    .default(1024 * 1024 * 1024)
    .describe('Cap on the spool directory; past it the oldest undelivered events are deleted, counted and logged (the only way events are lost)'),
  batchSize: z.number().int().min(1).max(10_000).default(500).describe('Most events per delivery (one HTTP request, or one TCP write)'),
  timeoutMs: z.number().int().positive().max(300_000).default(10_000).describe('Time allowed for one delivery (connect plus send), in ms'),
  retryMaxMs: z
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(30_000)
    .describe('Longest wait between two delivery attempts while the sink is down, in ms; each attempt is also the probe that notices it is back'),
};

const httpSink = z.strictObject({
  type: z.literal('http'),
  url: httpUrl.describe('Splunk HEC compatible endpoint, e.g. https://splunk.example.com:8088/services/collector/event'),
  token: secretRef.describe('HEC token, sent as `Authorization: Splunk <token>`'),
  format: z.enum(['ocsf', 'json']).default('ocsf').describe('ocsf: OCSF 1.1 API Activity and Detection Finding events; json: flat Gatehouse records'),
  sourcetype: z.string().min(1).max(256).optional().describe('HEC sourcetype; default ocsf for format ocsf, _json for format json'),
  source: z.string().min(1).max(256).default('gatehouse').describe('HEC source'),
  index: z.string().min(1).max(256).optional().describe('HEC index; omit to use the token default'),
  maxBatchBytes: z
    .number()
    .int()
    .min(4096)
    .max(100 * 1024 * 1024)
    .default(1_000_000)
    .describe('Largest request body, in bytes (HEC max_content_length defaults to 1 MB)'),
  caFile: z
    .string()
    .min(1)
    .optional()
    .describe("PEM file of CA certificates to trust for https, in addition to the system ones; relative to the configuration file's folder"),
  ...deliveryOptions,
});

const syslogSink = z.strictObject({
  type: z.literal('syslog'),
  host: z.string().min(1).describe('Syslog receiver host name or address'),
  port: z.number().int().min(1).max(65535).optional().describe('Receiver port; default 514 for udp and tcp, 6514 for tls'),
  transport: z
    .enum(['udp', 'tcp', 'tls'])
    .default('tcp')
    .describe('udp: one datagram per event, no delivery guarantee; tcp and tls: RFC 6587 octet-counted frames'),
  facility: z.enum(SYSLOG_FACILITIES).default('local0').describe('Syslog facility of every message'),
  appName: z
    .string()
    .regex(/^[!-~]{1,48}$/, 'printable ASCII without spaces, at most 48 characters')
    .default('gatehouse')
    .describe('RFC 5424 APP-NAME'),
  caFile: z
    .string()
    .min(1)
    .optional()
    .describe("tls: PEM file of CA certificates to trust, in addition to the system ones; relative to the configuration file's folder"),
  serverName: z.string().min(1).optional().describe('tls: name to verify in the server certificate; default host'),
  ...deliveryOptions,
});

export const siemSinkSchema = z.discriminatedUnion('type', [httpSink, syslogSink]);

export const siemSchema = z
  .strictObject({
    sinks: z.record(sinkName, siemSinkSchema).default({}).describe('SIEM destinations by name; the name also names the spool directory'),
    shutdownTimeoutMs: z
      .number()
      .int()
      .positive()
      .max(120_000)
      .default(5_000)
      .describe('On shutdown: time to deliver what is queued before the rest is written to the spool directory, in ms'),
  })
  .superRefine((s, ctx) => {
    const owners = new Map<string, string>();
    for (const [name, sink] of Object.entries(s.sinks)) {
      const dir = resolve(siemSpoolDir(name, sink));
      const other = owners.get(dir);
      if (other !== undefined)
        ctx.addIssue({ code: 'custom', path: ['sinks', name, 'spoolDir'], message: `spool directory ${dir} is already used by sink "${other}"` });
      owners.set(dir, name);
    }
  });

/** The spool directory of one sink: its own `spoolDir`, or ./data/siem/<name>. */
export function siemSpoolDir(name: string, sink: { spoolDir?: string | undefined }): string {
  return sink.spoolDir ?? `./data/siem/${name}`;
}

export const siemSections = {
  siem: siemSchema.prefault({}).describe('SIEM export of finished exchanges and guardrail findings (never content); changes need a restart'),
};

export type SiemConfig = z.infer<typeof siemSchema>;
export type SiemSinkConfig = z.infer<typeof siemSinkSchema>;
export type HttpSinkConfig = Extract<SiemSinkConfig, { type: 'http' }>;
export type SyslogSinkConfig = Extract<SiemSinkConfig, { type: 'syslog' }>;
export type SiemEventKind = (typeof SIEM_EVENT_KINDS)[number];
export type SyslogFacility = (typeof SYSLOG_FACILITIES)[number];
