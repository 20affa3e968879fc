// Used by the cold-start benchmark: build the assistant, answer one question, print the
// elapsed time since process start, exit.
import { createAssistant } from '../assistant/createAssistant.js';
import { askTurn } from '../channels/askTurn.js';

const assistant = createAssistant();
const r = await askTurn(assistant, 'bench', 'cold', '异地就医备案有效期多久');
process.stdout.write(`${JSON.stringify({ uptimeMs: process.uptime() * 1000, intent: r.intent })}\n`);
