// Simplified → Traditional for replies to users who write Traditional. OpenCC's full phrase
// table costs ~65 MB once built; everything we say is assembled from knowledge/ texts, so
// only phrases written with characters those texts use are kept (the character table
// covers the rest: dates, numbers). The composition root builds one converter from the
// knowledge's texts and hands it to whatever replies; its tables are built on first use.
import { ConverterFactory } from 'opencc-js/core';
import * as Preset from 'opencc-js/preset';

/** Simplified → Traditional (Taiwan standard) of one reply text. */
export type ToTraditional = (text: string) => string;

/** Keep only phrase entries made entirely of characters that occur in the corpus. */
function keepOccurring(dict: string, chars: Set<string>): Array<[string, string]> {
  const kept: Array<[string, string]> = [];
  for (const pair of dict.split('|')) {
    const space = pair.indexOf(' ');
    const source = pair.slice(0, space);
    if (Array.from(source).every((c) => chars.has(c))) kept.push([source, pair.slice(space + 1)]);
  }
  return kept;
}

function build(corpus: string): ToTraditional {
  const chars = new Set(Array.from(corpus));
  const groups = (list: readonly (readonly (string | readonly (readonly [string, string])[])[])[]) =>
    list.map((group) =>
      group.map((dict) => {
        if (typeof dict !== 'string') return dict;
        // Phrase tables have multi-character keys; character tables are kept whole.
        const isPhrases = Array.from(dict.slice(0, dict.indexOf(' '))).length > 1;
        return isPhrases ? keepOccurring(dict, chars) : dict;
      }),
    );
  const from = Preset.from.cn ?? [];
  const to = Preset.to.tw ?? [];
  return ConverterFactory(...groups(from), ...groups(to));
}

/** A converter for replies assembled from `corpus` (the texts of every knowledge file). */
export function traditionalConverter(corpus: string): ToTraditional {
  let converter: ToTraditional | undefined;
  return (text) => {
    converter ??= build(corpus);
    return converter(text);
  };
}
