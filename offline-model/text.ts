/**
 * Deterministic synthetic prose. Every string is derived from the user's input
 * and any tool results, so demos read sensibly and tests can predict content,
 * while the `[offline model]` markers keep it obviously synthetic.
 */

/** What synthetic text is built from. */
export interface TextSource {
  /** The user's last message, as sent. */
  request: string;
  /** Source text to quote: tool results if any, else the user's request. */
  material: string;
}

/** Prefix that tells a reader the text did not come from a real model. */
export const SYNTHETIC_PREFIX = '[offline model]';

const ASPECTS = [
  'overview',
  'key facts',
  'recent developments',
  'practical examples',
  'open questions',
  'risks and limitations',
  'history',
  'comparisons',
  'expert opinions',
  'future outlook',
];

/** Collapses runs of whitespace so multi-line prompts read as one line. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` characters, preferring a word boundary. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trimEnd();
}

/** Splits text into sentences (a line break also ends one). */
export function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => collapse(line).split(/(?<=[.!?])\s+/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Names the aspect for the n-th item, numbering once the list runs out. */
export function aspect(index: number): string {
  const base = ASPECTS[index % ASPECTS.length];
  return index < ASPECTS.length ? base : `${base} ${Math.floor(index / ASPECTS.length) + 1}`;
}

const QUESTIONS = [
  (s: string) => `What is the current state of ${s}?`,
  (s: string) => `Which key facts about ${s} are most often overlooked?`,
  (s: string) => `What recent developments could change ${s}?`,
  (s: string) => `Where is ${s} used in practice?`,
  (s: string) => `Which open questions about ${s} remain unanswered?`,
  (s: string) => `What are the main risks and limitations of ${s}?`,
  (s: string) => `How did ${s} develop historically?`,
  (s: string) => `How does ${s} compare with its alternatives?`,
  (s: string) => `Where do experts disagree about ${s}?`,
  (s: string) => `What is the outlook for ${s}?`,
];

// Prompts often start with a label ("Query: ...", "Search term: ..."); the
// value after it names the topic better than the label does.
const LABELLED_LINE = /^[A-Za-z][\w ]{0,30}:\s*(\S.*)$/;

/**
 * A short topic for the request: its first non-empty line without a leading
 * label, clipped to 80 characters.
 */
export function headline(src: TextSource): string {
  const first =
    src.request
      .split('\n')
      .map(collapse)
      .find((line) => line.length > 0) ?? '';
  const labelled = LABELLED_LINE.exec(first);
  return clip(labelled ? labelled[1] : first, 80) || 'your request';
}

/** The whole request on one line, clipped to 200 characters. */
export function fullSubject(src: TextSource): string {
  return clip(collapse(src.request), 200);
}

const shortSubject = headline;

function quote(src: TextSource, count: number): string {
  const picked = sentences(src.material).slice(0, count).join(' ');
  return clip(picked, 400);
}

/** A short plain-text answer, quoting the material when there is any. */
export function finalAnswer(src: TextSource, fromTools: boolean): string {
  const quoted = quote(src, 2);
  if (fromTools && quoted) return `${SYNTHETIC_PREFIX} Based on the tool results: ${quoted}`;
  return `${SYNTHETIC_PREFIX} Synthetic answer to "${shortSubject(src)}". No real model was called.`;
}

/** A one-paragraph summary of the material. */
export function summaryText(src: TextSource): string {
  const quoted = quote(src, 2) || shortSubject(src);
  return `${SYNTHETIC_PREFIX} Summary of "${shortSubject(src)}": ${quoted}`;
}

/** A multi-section markdown report built from the material's sentences. */
export function reportMarkdown(src: TextSource): string {
  const subject = shortSubject(src);
  const all = sentences(src.material);
  const overview = clip(all.slice(0, 2).join(' '), 600) || subject;
  const points = all.slice(2, 8);
  const bullets = (points.length > 0 ? points : [0, 1, 2].map((i) => `The ${aspect(i)} of ${subject}.`))
    .map((point) => `- ${clip(point, 300)}`)
    .join('\n');
  return [
    `# Report: ${subject}`,
    `> ${SYNTHETIC_PREFIX} This report is synthetic; no real model or web search produced it.`,
    `## Overview\n\n${overview}`,
    `## Key points\n\n${bullets}`,
    `## Conclusion\n\nThe material gathered on "${subject}" is summarised above; verify it with a real model before relying on it.`,
  ].join('\n\n');
}

/** A search-style query; items of a list get distinct aspects. */
export function queryText(src: TextSource, index: number | undefined): string {
  if (index === undefined) return fullSubject(src) || 'your request';
  return `${headline(src)} — ${aspect(index)}`;
}

/** A reason for the n-th item of a plan. */
export function reasonText(src: TextSource, index: number | undefined): string {
  return `${SYNTHETIC_PREFIX} Angle ${(index ?? 0) + 1}: the ${aspect(index ?? 0)} of "${shortSubject(src)}".`;
}

/** A follow-up question for the n-th item. */
export function questionText(src: TextSource, index: number | undefined): string {
  const i = index ?? 0;
  const question = QUESTIONS[i % QUESTIONS.length](shortSubject(src));
  return i < QUESTIONS.length ? question : `${question} (${Math.floor(i / QUESTIONS.length) + 1})`;
}

/** A title-like line. */
export function titleText(src: TextSource, index: number | undefined): string {
  const suffix = index === undefined ? '' : ` (${index + 1})`;
  return `${SYNTHETIC_PREFIX} ${clip(headline(src), 60)}${suffix}`;
}

/** A generic value for a string field with an unrecognised name. */
export function genericText(src: TextSource, name: string | undefined, index: number | undefined): string {
  const label = name
    ? name
        .replace(/[_-]+/g, ' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase()
    : 'value';
  const suffix = index === undefined ? '' : ` #${index + 1}`;
  return `${SYNTHETIC_PREFIX} ${label}${suffix} for "${shortSubject(src)}"`;
}

/** A URL-safe slug of the subject, for ids and links. */
export function slug(src: TextSource): string {
  return (
    headline(src)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'offline'
  );
}
