import { describeProbes } from './probes.fixtures.js';
import { HIJACK_ATTACKS, HIJACK_BENIGN } from './multilingual-hijack.fixtures.js';
import { NATURAL_PROBES } from './multilingual-natural.fixtures.js';
import { SECOND_ATTACKS, SECOND_BENIGN } from './multilingual-second.fixtures.js';

/**
 * Injections written as attackers write them in 22 languages (see multilingual-natural.fixtures.ts): each
 * attack blocked by some finding, each benign look-alike not blocked at all.
 */
for (const { lang, attacks, benign } of NATURAL_PROBES) {
  describeProbes(`natural injections in ${lang}`, { attacks, benign }, () => true);
}

describeProbes('natural injections, second set (mixed languages)', { attacks: SECOND_ATTACKS, benign: SECOND_BENIGN }, () => true);

describeProbes('goal hijacking and context extraction in 28 languages', { attacks: HIJACK_ATTACKS, benign: HIJACK_BENIGN }, () => true);
