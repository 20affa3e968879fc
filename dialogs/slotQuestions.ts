// The questions for each slot and the buttons offered with them, worded in dialogs.yaml (one
// place for every dialog).
import type { SlotName } from '../src/assistant/slots.js';
import type { Knowledge } from '../src/knowledge/types.js';
import type { SlotQuestion } from './slotFillingDialog.js';

export function slotQuestion(k: Knowledge, slot: SlotName, lead?: string): SlotQuestion {
  const c = k.dialogTexts.common;
  const b = k.dialogTexts.buttons;
  const withLead = (text: string) => (lead ? `${lead}\n${text}` : text);
  switch (slot) {
    case 'region':
      return { slot, text: withLead(c.askRegion), example: c.askRegion };
    case 'situation': {
      const choices = k.dialogTexts.situationChoices;
      const list = choices.map((ch, i) => `${i + 1}. ${ch.label}`).join('\n');
      return {
        slot,
        text: withLead(`${c.askSituation}\n${list}`),
        suggestions: choices.map((ch) => ch.label),
        example: `${c.askSituation}\n${list}`,
      };
    }
    case 'duration':
      return {
        slot,
        text: withLead(c.askDuration),
        suggestions: [b.yes, b.no],
        example: c.askDuration,
      };
    case 'household':
      return {
        slot,
        text: withLead(c.askHousehold),
        suggestions: [b.yes, b.no],
        example: c.askHousehold,
      };
    case 'discharge':
      return {
        slot,
        text: withLead(c.askDischarge),
        suggestions: [b.inHospital, b.discharged],
        example: c.askDischarge,
      };
    case 'admission':
      return { slot, text: withLead(c.askAdmission), example: c.askAdmission };
    case 'treatment':
      return { slot, text: withLead(c.askTreatment), example: c.askTreatment };
  }
}
