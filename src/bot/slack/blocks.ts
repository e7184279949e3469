// Block Kit rendering of replies, confirmation cards and reminder buttons.
import type { CardAction } from '../../domain/assistant.js';
import type { ActionButton, OutboundMessage } from '../../domain/pushes/outbound.js';

/**
 * action_id of our buttons: "sa_<action>"; the button value is the target id. A question's answer
 * buttons are "sa_choose_<n>" (ids must be unique in a block) with the value "<askInboundId>:<n>".
 */
export const ACTION_ID_PATTERN = /^sa_(confirm|undo|edit_amount|task_done|task_snooze|choose)(?:_\d{1,2})?$/;

/** The action and its target from a pressed button's action_id and value. */
export function parseAction(actionId: string, value: string): { action: CardAction; targetId: string; value?: string } | null {
  const m = ACTION_ID_PATTERN.exec(actionId);
  if (!m || !value) return null;
  const action = m[1] as CardAction;
  if (action !== 'choose') return { action, targetId: value };
  const c = /^(.+):(\d{1,2})$/.exec(value);
  return c ? { action, targetId: c[1], value: c[2] } : null;
}
export const EDIT_AMOUNT_VIEW = 'sa_edit_amount';

const CARD_LABELS: Record<'confirm' | 'undo' | 'edit_amount', string> = {
  confirm: '确认/Confirm',
  undo: '撤销/Undo',
  edit_amount: '编辑金额/Edit amount',
};

export type Block = Record<string, unknown>;

/** Slack mrkdwn needs &, < and > escaped. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack sends user text with &, <, > escaped; mentions and links stay as <…>. */
export function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function textSections(text: string): Block[] {
  // A section holds at most 3000 characters.
  const out: Block[] = [];
  const esc = escapeMrkdwn(text);
  for (let i = 0; i < esc.length; i += 2900) out.push({ type: 'section', text: { type: 'mrkdwn', text: esc.slice(i, i + 2900) } });
  return out;
}

function button(label: string, action: CardAction, targetId: string, style?: 'primary' | 'danger', actionId = `sa_${action}`): Block {
  return { type: 'button', text: { type: 'plain_text', text: label.slice(0, 75), emoji: true }, action_id: actionId, value: targetId, ...(style ? { style } : {}) };
}

/** Blocks for a message; undefined when plain text will do. */
export function renderBlocks(message: OutboundMessage): Block[] | undefined {
  const buttons: Block[] = [];
  if (message.card) {
    // A question's numbered answers first: pressing one is the same as typing its number.
    for (const [i, label] of (message.card.choices ?? []).entries()) buttons.push(button(`${i + 1}. ${label}`, 'choose', `${message.card.inboundId}:${i + 1}`, i === 0 ? 'primary' : undefined, `sa_choose_${i + 1}`));
    for (const a of message.card.actions) buttons.push(button(CARD_LABELS[a], a, message.card.inboundId, a === 'confirm' ? 'primary' : a === 'undo' ? 'danger' : undefined));
  }
  for (const b of message.buttons ?? ([] as ActionButton[])) buttons.push(button(b.label, b.action, b.targetId));
  if (!buttons.length) return undefined;
  return [...textSections(message.text), { type: 'actions', block_id: 'sa_actions', elements: buttons.slice(0, 25) }];
}

/** The card after a button press: same content, buttons replaced by the outcome. */
export function resolvedBlocks(original: Block[] | undefined, fallbackText: string, outcome: string): Block[] {
  const kept = (original ?? []).filter((b) => b.type !== 'actions');
  return [...(kept.length ? kept : textSections(fallbackText)), { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(outcome).slice(0, 3000) }] }];
}

export function editAmountView(meta: { inboundId: string; channel?: string; threadTs?: string }): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: EDIT_AMOUNT_VIEW,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: '编辑金额/Edit amount' },
    submit: { type: 'plain_text', text: '保存/Save' },
    close: { type: 'plain_text', text: '取消/Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'amount',
        label: { type: 'plain_text', text: '新金额/New amount' },
        element: { type: 'plain_text_input', action_id: 'value', placeholder: { type: 'plain_text', text: '40万 / 400000 / 400k' } },
      },
    ],
  };
}
