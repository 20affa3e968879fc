// npm run chat — a terminal conversation with the same bot (for curators and quick tries).
// Type a question; "退出" or Ctrl+D ends. Suggestions are numbered: reply with the number.
import './quietPipe.js';
import { createInterface } from 'node:readline';
import { createMemoryApp } from '../app.js';

const assistant = createMemoryApp();
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
const address = { channel: 'cli', user: `cli-${process.pid}` };
console.log(`${assistant.knowledge.messages.welcome}\n（输入“退出”结束 / type 退出 to quit）`);

const prompt = () => process.stdout.write('\n您：');
prompt();
// Async iteration (not rl.question) so piped input is read line by line, too.
for await (const line of rl) {
  if (['退出', 'exit', 'quit'].includes(line.trim())) break;
  if (line.trim()) {
    if (!process.stdin.isTTY) console.log(line);
    const r = await assistant.conversations.ask(address, line);
    for (const reply of r.replies) console.log(`\n助手：${reply}`);
    if (r.suggestions.length > 0 && r.intent !== 'clarify') {
      console.log(`\n${assistant.knowledge.messages.relatedHeader}`);
      for (const [i, s] of r.suggestions.entries()) console.log(`  ${i + 1}. ${s}`);
    }
    console.log(`  [intent ${r.intent} · confidence ${r.confidence}${r.fallback ? ' · fallback' : ''}]`);
  }
  prompt();
}
rl.close();
