// How a contact's name is written, for the rules that must tell a person from a form of
// address: a full name (刘兵, 欧阳振华, Raj Patel) picks out one person; an honorific form (王总, 李工,
// 陈经理) or a nickname (小何, 老陈) is shared by many and stands for a title (总 → 总经理, 工 → 工程师).
// A surname said in English ("Mr. Wang") sounds like the Chinese one it stands for (王总, 王建国).
import { pinyin } from 'pinyin-pro';
import { COMPOUND_SURNAMES, HONORIFICS, SURNAMES } from '../../intents/rules/vocab/people.js';

const BY_LENGTH = Object.keys(HONORIFICS).sort((a, b) => b.length - a.length);
const NICKNAME = /^[小老阿].$/;

/** The honorific a name is written with (李工 → 工, 王总经理 → 总经理), or undefined. */
export function honorificOf(name: string): string | undefined {
  const n = [...name.trim()];
  return BY_LENGTH.find((h) => name.trim().endsWith(h) && n.length - [...h].length >= 1 && n.length - [...h].length <= 2);
}

/**
 * "马经理", "杨工", "郑总": a surname and the honorific a title gives (surname, honorific and the
 * title it stands for), or null — the form reps use for a person they named fully before
 * (马丽, 采购经理).
 */
export function honorificAddress(name: string): { surname: string; honorific: string; title: string } | null {
  const n = name.trim();
  const h = honorificOf(n);
  const title = h === undefined ? null : HONORIFICS[h];
  if (!h || !title) return null;
  const surname = n.slice(0, n.length - h.length);
  return COMPOUND_SURNAMES.includes(surname) || (surname.length === 1 && SURNAMES.includes(surname)) ? { surname, honorific: h, title } : null;
}

/** Does a stored title fit an honorific ("采购经理" for 经理, "总经理"/"副总" for 总, "结构工程师" for 工)? */
export function titleFits(stored: string | null, address: { honorific: string; title: string }): boolean {
  if (!stored) return false;
  const t = stored.trim();
  return t.endsWith(address.title) || t.endsWith(address.honorific) || (address.honorific === '总' && /总/.test(t));
}

/** The title an honorific form of a name stands for (李工 → 工程师, 王总 → 总经理), or undefined. */
export function titleFromHonorific(name: string): string | null | undefined {
  const h = honorificOf(name);
  return h === undefined ? undefined : HONORIFICS[h];
}

/** A name that picks out one person: a Chinese full name (surname first), or a Latin first and last name. */
export function isPersonalName(name: string): boolean {
  const n = name.trim();
  if (/^[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*)+$/.test(n)) return true;
  if (!/^[\u4e00-\u9fff·]{2,5}$/.test(n)) return false;
  const surname = COMPOUND_SURNAMES.some((s) => n.startsWith(s)) || SURNAMES.includes(n[0]);
  return surname && honorificOf(n) === undefined && !NICKNAME.test(n);
}

// "Mr. Wang", "Ms Li", "Dr. Patel": an English form of address with one surname after it.
const EN_HONORIFIC_SURNAME = /^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+([A-Za-z][a-z]+(?:-[a-z]+)?)$/i;

/** The surname of "Mr. Wang" in lower case ("wang"), or null when the name is not that form. */
export function englishAddressSurname(name: string): string | null {
  const m = EN_HONORIFIC_SURNAME.exec(name.trim());
  return m ? m[1].toLowerCase().replace(/-/g, '') : null;
}

/**
 * How a contact's surname sounds, in toneless pinyin or as written in Latin letters: 王总 → wang,
 * 欧阳振华 → ouyang, 小曾 → zeng (pinyin-pro's surname readings), Raj Patel → patel, Mr. Wang → wang.
 */
export function surnameSound(name: string): string | null {
  const n = name.trim();
  const en = englishAddressSurname(n);
  if (en) return en;
  if (/^[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*)+$/.test(n)) return n.split(' ').pop()!.toLowerCase().replace(/[^a-z]/g, '');
  const bare = /^[小老][\u4e00-\u9fff]$/.test(n) ? n.slice(1) : n;
  const surname = COMPOUND_SURNAMES.find((c) => bare.startsWith(c)) ?? (SURNAMES.includes(bare[0]) ? bare[0] : null);
  if (!surname || !/^[\u4e00-\u9fff]+$/.test(bare)) return null;
  return (pinyin(surname, { toneType: 'none', mode: 'surname', type: 'array' }) as string[]).join('');
}

/**
 * A Chinese full name written in pinyin ("Liu Bing", "Bing Liu", "Ouyang Zhenhua") as one
 * lower-case string per reading order, or null when `name` is not two or three Latin words.
 */
export function latinNameKeys(name: string): string[] | null {
  const words = name.trim().toLowerCase().split(/\s+/);
  if (words.length < 2 || words.length > 3 || !words.every((w) => /^[a-z]+$/.test(w))) return null;
  return [words.join(''), [...words.slice(1), words[0]].join('')];
}

/**
 * A Western given name said alone ("Sarah", "tom"), lower-cased, or null: reps call a contact
 * they met as "Sarah Chen" by first name afterwards.
 */
export function latinGivenName(name: string): string | null {
  const n = name.trim();
  return /^[A-Za-z][A-Za-z'-]{1,}$/.test(n) ? n.toLowerCase() : null;
}

/** The first word of a Latin-letter full name ("Sarah Chen" → sarah), or null. */
export function latinFirstWord(name: string): string | null {
  const words = name.trim().split(/\s+/);
  return words.length >= 2 && words.every((w) => /^[A-Za-z][A-Za-z.'-]*$/.test(w)) ? words[0].toLowerCase() : null;
}

/** The toneless pinyin of a Chinese full name (刘兵 → liubing, 欧阳振华 → ouyangzhenhua), surname read as one. */
export function fullNameSound(name: string): string | null {
  if (!isPersonalName(name) || !/^[\u4e00-\u9fff]+$/.test(name.trim())) return null;
  const surname = surnameSound(name);
  const n = name.trim();
  const rest = n.slice(COMPOUND_SURNAMES.some((c) => n.startsWith(c)) ? 2 : 1);
  return surname ? surname + (pinyin(rest, { toneType: 'none', type: 'array' }) as string[]).join('') : null;
}
