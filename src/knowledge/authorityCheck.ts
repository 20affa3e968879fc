// Checks of source authority that the schema cannot express: official guidance leads an
// entry that also cites forum experience (its first source is official), and an
// experienceOf link goes from a forum-only entry to an official entry that exists.
import { entryAuthority, isForumDoc } from './authority.js';
import type { Knowledge, Problem } from './types.js';

export function authorityProblems(k: Knowledge): Problem[] {
  const problems: Problem[] = [];
  for (const e of k.entries) {
    const file = k.entryFile.get(e.id) ?? 'faq/';
    const forum = e.sources.map((c) => isForumDoc(k.sources.get(c.doc)));
    if (forum[0] === true && forum.includes(false))
      problems.push({
        file,
        entry: e.id,
        field: 'sources[0]',
        message:
          '官方文件要排在网友经验前面：请把官方来源写在第一个，答案也先写官方规定 (official guidance leads: list it first)',
      });
    if (!e.experienceOf) continue;
    const target = k.entryById.get(e.experienceOf);
    if (!target)
      problems.push({
        file,
        entry: e.id,
        field: 'experienceOf',
        message: `关联的官方条目 "${e.experienceOf}" 不存在 (unknown entry)`,
      });
    else if (entryAuthority(k, target) !== 'official')
      problems.push({
        file,
        entry: e.id,
        field: 'experienceOf',
        message: `"${e.experienceOf}" 不是官方条目，experienceOf 要指向官方文件回答的条目 (must name an official entry)`,
      });
    if (entryAuthority(k, e) !== 'forum')
      problems.push({
        file,
        entry: e.id,
        field: 'experienceOf',
        message:
          '只有只引用网友经验的条目才写 experienceOf (only a forum-only entry follows an official one)',
      });
  }
  return problems;
}
