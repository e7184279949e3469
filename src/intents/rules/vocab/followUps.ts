// Vocabulary (data, not rules): the words a follow-up uses for the customer the rep just spoke
// about, with no name — "他们下周要看方案", "那边预算批了", "对方说月底定", "they want a demo".
// A message that names no customer but one of these is about the customer of the rep's previous
// record when that record was about exactly one (src/domain/customers/previous.ts).

/** Chinese words for "that customer" (substrings of the message). */
export const THEM_ZH = ['他们', '她们', '那边', '对方', '人家', '客户那边', '甲方', '这家', '那家', '这家客户', '该客户'];

/** English words for "that customer" (whole words, lower case). */
export const THEM_EN = ['they', 'them', 'their', "they're", "they'll", "they've", 'the client', 'the customer', 'the buyer'];
