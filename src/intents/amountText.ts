// Amounts typed into an "edit amount" box: "40万", "¥400,000", "400k" or a bare "400000".
// A bare number is money here (the box asks for an amount), unlike in free chat text.
import { findAmounts, oversizeAmounts, pickAmount } from './rules/amounts.js';

export function parseAmountText(text: string): number | null {
  const s = text.trim();
  const plain = s.replace(/,/g, '');
  if (/^\d+(\.\d+)?$/.test(plain)) return Number(plain);
  return pickAmount(findAmounts(s))?.value ?? null;
}

/** The first amount in a message that is over the storable cap, as typed ("九千万亿"), or null. */
export function oversizeAmountIn(text: string): string | null {
  return oversizeAmounts(text)[0]?.raw ?? null;
}
