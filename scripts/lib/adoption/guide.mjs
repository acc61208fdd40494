// Reads the steps of the adopter guide's "Quick start" (docs/adopting.md) the adopter test
// performs: each step is the fenced block after a `<!-- adoption: NAME -->` marker, so the
// test runs exactly what the guide tells an adopter to do, and fails when the guide changes
// in a way that no longer works.
import fs from 'node:fs';

export function readGuideSteps(guidePath) {
  const text = fs.readFileSync(guidePath, 'utf8');
  const steps = {};
  const re = /<!-- adoption: ([\w-]+) -->\s*\n```(\w+)\n([\s\S]*?)\n```/g;
  for (const [, name, lang, body] of text.matchAll(re)) {
    steps[name] = { lang, body };
  }
  for (const name of ['yarnrc', 'install', 'backend', 'config']) {
    if (!steps[name])
      throw new Error(`${guidePath}: no "<!-- adoption: ${name} -->" block`);
  }
  return steps;
}

/** The shell commands of an sh block: comment lines dropped, `\` continuations joined. */
export function shellCommands(body) {
  return body
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
}

/** The code lines of a ts block, without comments. */
export function codeLines(body) {
  return body
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('//'));
}
