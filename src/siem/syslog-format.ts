import { SYSLOG_FACILITIES, type SyslogFacility } from '../config/schema-siem.js';

export interface SyslogHeader {
  facility: SyslogFacility;
  /** RFC 5424 severity, 0 (emergency) to 7 (debug). */
  severity: number;
  /** ms since epoch */
  time: number;
  hostname: string;
  appName: string;
  procId: string;
  /** At most 32 printable ASCII characters, e.g. `exchange` or `finding`. */
  msgId: string;
}

/**
 * One RFC 5424 message: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG`, no structured data.
 * Header fields are reduced to printable ASCII without spaces (NILVALUE `-` when empty), as the RFC
 * requires; the message is UTF-8 without a BOM (MSG-ANY), which CEF receivers expect.
 */
export function formatSyslog(header: SyslogHeader, message: string): string {
  const pri = SYSLOG_FACILITIES.indexOf(header.facility) * 8 + header.severity;
  const timestamp = new Date(header.time).toISOString();
  const fields = [headerField(header.hostname, 255), headerField(header.appName, 48), headerField(header.procId, 128), headerField(header.msgId, 32)];
  return `<${pri}>1 ${timestamp} ${fields.join(' ')} - ${message}`;
}

function headerField(value: string, max: number): string {
  const clean = value.replace(/[^!-~]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

/** RFC 6587 octet counting: `MSG-LEN SP SYSLOG-MSG`, the length in bytes. */
export function octetCountedFrame(message: string): string {
  return `${Buffer.byteLength(message, 'utf8')} ${message}`;
}
