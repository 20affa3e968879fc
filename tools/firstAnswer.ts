// Used by the cold-start benchmark: build the assistant, answer one question, print the
// elapsed time since process start, exit.
import { createMemoryApp } from '../src/app.js';

const app = createMemoryApp();
const r = await app.conversations.ask({ channel: 'bench', user: 'cold' }, '异地就医备案有效期多久');
process.stdout.write(`${JSON.stringify({ uptimeMs: process.uptime() * 1000, intent: r.intent })}\n`);
