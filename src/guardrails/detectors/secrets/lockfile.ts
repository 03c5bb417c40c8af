/**
 * Package-manager integrity hashes look like secrets (long hex or base64 after a keyword) but are public by
 * design. Lines of these shapes are explicit negatives: findings inside them are dropped.
 */
const LOCKFILE_LINE_PATTERNS: readonly RegExp[] = [
  // Cargo.lock: checksum = "<64 hex>"
  /^\s*checksum\s*=\s*"[0-9a-f]{64}"\s*,?\s*$/,
  // go.sum: module version[/go.mod] h1:<base64 sha256>=
  /^\s*\S+\s+v\S+\s+h1:[A-Za-z0-9+/]{43}=\s*$/,
  // package-lock.json / yarn.lock / pnpm-lock.yaml integrity fields
  /^\s*"?integrity"?\s*[:=]?\s*"?(?:sha(?:1|256|384|512)-[A-Za-z0-9+/]+=*\s*)+"?,?\s*$/,
  // yarn/npm resolved URLs with a #sha1 fragment
  /^\s*"?resolved"?\s*[:=]?\s*"?https?:\/\/\S+#[0-9a-f]{40}"?,?\s*$/,
  // tarball names with a sha1 fragment: name-1.2.3.tgz#<40 hex>
  /^\s*\S+\.tgz#[0-9a-f]{40}\s*$/,
  // requirements.txt `--hash=sha256:<hex>`, poetry.lock `{file = "...", hash = "sha256:<hex>"}`
  /^\s*(?:\S+\s+\\?\s*)?--hash=sha(?:256|384|512):[0-9a-f]{64,128}\s*\\?\s*$/,
  /^\s*\{\s*file\s*=\s*"[^"]+",\s*hash\s*=\s*"sha(?:256|384|512):[0-9a-f]{64,128}"\s*\},?\s*$/,
  // flake.lock, composer.lock, Package.resolved, pubspec.lock, gradle verification-metadata: named hashes
  /^\s*"?(?:narHash|rev|revision|reference|shasum|sha1|sha256|sha512|checksum|hash)"?\s*[:=]\s*"?(?:sha(?:1|256|384|512)[-:])?[A-Za-z0-9+/=]{40,128}"?,?\s*$/,
  /^\s*<sha(?:1|256|512) value="[0-9a-f]{40,128}"(?: origin="[^"]*")?\s*\/>\s*$/,
];

/** Podfile.lock: `  Name: <40 hex>` lines are only hashes under its `SPEC CHECKSUMS:` section. */
const PODFILE_CHECKSUM = /^\s+\S+: [0-9a-f]{40}\s*$/;

/** Ranges [start, end) of lines that are lock-file hash lines. */
export function lockfileLineRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const podfile = text.includes('SPEC CHECKSUMS:');
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // Long lines are never lock-file hash lines; skipping them keeps the check linear.
    if (end - start <= 600) {
      const line = text.slice(start, end);
      if (LOCKFILE_LINE_PATTERNS.some((re) => re.test(line)) || (podfile && PODFILE_CHECKSUM.test(line))) ranges.push([start, end]);
    }
    start = end + 1;
  }
  return ranges;
}
