/**
 * Pathological inputs for the built-in detectors: floods of one character or token, 20 KB to 1 MB, shaped to
 * make a backtracking regex or a quadratic scan blow up. The detector tests check each is answered without
 * throwing and with the number of findings it has today (pinned, so a change shows); bench/detector-floods.ts
 * measures how long each takes. Wall-clock bounds belong there, not in tests.
 */
const FLOODS = {
  code: ['```\n'.repeat(50_000), 'curl '.repeat(50_000), 'SELECT '.repeat(50_000), '<a '.repeat(50_000), 'rm -rf'.repeat(50_000), 'x'.repeat(1_000_000)],
  encoding: ['%E0%A4%A'.repeat(1000), '%zz%'.repeat(10_000), 'A'.repeat(200_000), '\\x'.repeat(50_000), 'ab '.repeat(100_000), `${'Zz'.repeat(100_000)}=`],
  pii: [
    '1'.repeat(20_000),
    '.'.repeat(20_000),
    '@'.repeat(20_000),
    ' '.repeat(20_000),
    '1 '.repeat(10_000),
    'a@'.repeat(10_000),
    'Aa '.repeat(7_000),
    '1.'.repeat(10_000),
    '12 Main '.repeat(2_000),
  ],
  refusal: ["I'm sorry, ".repeat(100_000), 'I cannot '.repeat(100_000), 'As an AI'.repeat(100_000)],
  secrets: [
    '1'.repeat(20_000),
    '.'.repeat(20_000),
    '@'.repeat(20_000),
    ' '.repeat(20_000),
    'key'.repeat(7_000),
    'a:'.repeat(10_000),
    'x://a:b'.repeat(3_000),
    '-----BEGIN '.repeat(2_000),
    'password='.repeat(2_000),
    // Token-shaped floods for the JWT, base64-JSON, bare-token and signature rules.
    'eyJ-'.repeat(5_000),
    `ey${'a'.repeat(20)}-`.repeat(900),
    'a1B2'.repeat(5_000),
    'A1b2C3d4E5f6G7h8I9j0Kk '.repeat(900),
    'AZDO'.repeat(5_000),
    '+ASt'.repeat(5_000),
    `${'7'.repeat(4)}-`.repeat(4_000),
    'eyJrIjoi'.repeat(2_500),
    // Slot floods for the context rules and the separator reader.
    ' -u a -p '.repeat(2_000),
    ' Password=x;'.repeat(2_000),
    '"password": "'.repeat(1_500),
    'Authorization: '.repeat(1_300),
    'KEY\n'.repeat(5_000),
    'password is "'.repeat(1_500),
    'NetworkCredential("'.repeat(1_000),
    `token ${'-'.repeat(30)} `.repeat(500),
    // Key-id pairs and signed-URL parameters: a gap read after every key id, a link scan per `Signature=`.
    `AKIAQ7W2ZL4XPVN5RTAB ${'aB3/'.repeat(9)}`.repeat(3_000),
    `?AWSAccessKeyId=x${`&Signature=${'aB3'.repeat(10)}`.repeat(10_000)}`,
    `&X-Amz-Security-Token=${'a'.repeat(30)}`.repeat(8_000),
  ],
  urls: ['http://'.repeat(100_000), 'https://a'.repeat(100_000), 'javascript'.repeat(100_000), 'data:'.repeat(100_000)],
  // Under the Markdown parse bound (micromark's cost) and past it; unclosed constructs; nested ones.
  render: [
    '['.repeat(30_000),
    '[a]('.repeat(7_000),
    `](${'<'.repeat(16_000)}`,
    `](${'*a'.repeat(8_000)}`,
    `](${'[a]['.repeat(500)}`,
    '<a '.repeat(5_000),
    '![a](https://e.vil/x) '.repeat(500),
    '[![a](https://e.vil/x)](https://e.vil/y) '.repeat(5_000),
    '\u001b['.repeat(50_000),
    '](('.repeat(30_000),
  ],
  exfiltration: ['https://'.repeat(50_000), `https://e.vil/?${'a=b&'.repeat(50_000)}`, 'https://e.vil/p?q=a@b.co '.repeat(5_000)],
} satisfies Record<string, string[]>;

/** How many findings each flood has, in the order of FLOODS. */
const FINDINGS: { [D in keyof typeof FLOODS]: number[] } = {
  code: [25000, 0, 0, 0, 1, 0],
  encoding: [0, 0, 0, 0, 1, 1],
  pii: [0, 0, 0, 0, 0, 0, 0, 0, 1000],
  refusal: [0, 0, 0],
  secrets: [0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3000, 24, 0],
  urls: [200, 1, 0, 0],
  render: [0, 7000, 0, 0, 1, 0, 500, 10000, 50000, 30000],
  exfiltration: [0, 0, 100],
};

export type FloodedDetector = keyof typeof FLOODS;

/** The floods for one detector, each with its expected number of findings. */
export function floodsFor(detector: FloodedDetector): Array<{ text: string; findings: number }> {
  return FLOODS[detector].map((text, i) => ({ text, findings: FINDINGS[detector][i] as number }));
}

export const FLOODED_DETECTORS = Object.keys(FLOODS) as FloodedDetector[];
