// The botbuilder-dialogs classes the dialogs use, imported from their own modules: the
// package index also loads the recognizers-text libraries (≈37 MB, ≈230 ms at start-up)
// that only its choice/number/date prompts need. Measured in `npm run bench`.
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export { TextPrompt } from 'botbuilder-dialogs/lib/prompts/textPrompt.js';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
