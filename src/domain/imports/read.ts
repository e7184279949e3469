// Reading a customer list from .xlsx or .csv with exceljs (see docs/import-export.md for why
// exceljs): finds the header row by its column names (Chinese or English, in any order, titles
// above it allowed), and turns every data row into plain strings. CSV files saved by Chinese
// Excel are usually GBK: anything that is not valid UTF-8 is decoded as GB18030.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type ImportField = 'name' | 'owner' | 'level' | 'industry' | 'source' | 'contact' | 'title' | 'phone' | 'wechat' | 'role';

const ALIASES: Record<ImportField, string[]> = {
  name: ['客户名称', '客户', '客户名', '公司名称', '公司', '企业名称', '单位名称', 'customer', 'customername', 'company', 'companyname', 'account', 'name'],
  owner: ['负责人', '归属人', '销售', '所属销售', '客户负责人', '跟进人', 'owner', 'salesrep', 'rep', 'accountowner'],
  level: ['级别', '客户级别', '等级', '客户等级', 'level', 'tier', 'grade'],
  industry: ['行业', '所属行业', 'industry'],
  source: ['来源', '客户来源', '线索来源', 'source', 'leadsource'],
  contact: ['联系人', '联系人姓名', '姓名', 'contact', 'contactname'],
  title: ['职务', '职位', '联系人职务', 'title', 'jobtitle', 'position'],
  phone: ['电话', '手机', '手机号', '手机号码', '联系电话', '电话号码', 'phone', 'mobile', 'tel', 'telephone'],
  wechat: ['微信', '微信号', 'wechat', 'weixin'],
  role: ['联系人角色', '角色', 'role', 'contactrole'],
};

const HEADER_KEY = new Map<string, ImportField>();
for (const [field, names] of Object.entries(ALIASES) as Array<[ImportField, string[]]>) for (const n of names) HEADER_KEY.set(n, field);

/** "客户名称*" / "Customer Name (必填)" → "客户名称" / "customername". */
export function headerField(raw: string): ImportField | null {
  const k = raw.normalize('NFKC').toLowerCase().replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*_\-:：]/g, '');
  return HEADER_KEY.get(k) ?? null;
}

export interface ImportRow {
  /** 1-based row number in the sheet, as Excel shows it. */
  line: number;
  values: Partial<Record<ImportField, string>>;
}

export interface ReadResult {
  rows: ImportRow[];
  /** Columns recognised, by field. */
  columns: ImportField[];
  /** Header cells that were not recognised (ignored). */
  ignored: string[];
  sheet: string;
}

export class ImportFormatError extends Error {}

/** A cell as text: rich text joined, hyperlinks by their text, formulas by result, dates as YYYY-MM-DD. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

function decodeCsv(buf: Buffer): string {
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

async function loadWorkbook(data: Buffer, format: 'xlsx' | 'csv'): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (format === 'csv') {
    // Keep every value as typed: exceljs would turn "0755123" into 755123 and dates into Date.
    await wb.csv.read(Readable.from([decodeCsv(data)]), { sheetName: '客户', map: (v: unknown) => v, parserOptions: { trim: true } });
  } else {
    try {
      await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
    } catch (e) {
      throw new ImportFormatError(`not a readable .xlsx file (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return wb;
}

export function formatOf(fileName: string): 'xlsx' | 'csv' | null {
  const ext = fileName.toLowerCase().split('.').pop();
  return ext === 'xlsx' ? 'xlsx' : ext === 'csv' || ext === 'txt' ? 'csv' : null;
}

/** Reads the customer sheet: the one named 客户/Customers, else the first with a name column. */
export async function readCustomerSheet(data: Buffer, format: 'xlsx' | 'csv'): Promise<ReadResult> {
  const wb = await loadWorkbook(data, format);
  const sheets = [...wb.worksheets].sort((a, b) => Number(!/^(客户|customers?)$/i.test(b.name)) - Number(!/^(客户|customers?)$/i.test(a.name)));
  for (const ws of sheets) {
    // The header is the first of the top rows that names a customer column.
    for (let r = 1; r <= Math.min(ws.rowCount, 10); r++) {
      const header = ws.getRow(r);
      const map = new Map<number, ImportField>();
      const ignored: string[] = [];
      header.eachCell({ includeEmpty: false }, (cell, col) => {
        const text = cellText(cell.value);
        const f = headerField(text);
        if (f && ![...map.values()].includes(f)) map.set(col, f);
        else if (text) ignored.push(text);
      });
      if (![...map.values()].includes('name')) continue;
      const rows: ImportRow[] = [];
      for (let i = r + 1; i <= ws.rowCount; i++) {
        const row = ws.getRow(i);
        const values: ImportRow['values'] = {};
        for (const [col, field] of map) {
          const t = cellText(row.getCell(col).value);
          if (t) values[field] = t;
        }
        if (Object.keys(values).length) rows.push({ line: i, values });
      }
      return { rows, columns: [...map.values()], ignored, sheet: ws.name };
    }
  }
  throw new ImportFormatError('no header row with a customer name column (客户名称 / Customer) in the first 10 rows');
}

/** An empty import template with the recognised headers and one example row. */
export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.addRow(['客户名称', '负责人', '级别', '行业', '来源', '联系人', '职务', '电话', '微信', '联系人角色']);
  ws.addRow(['方舟电子', '李娜', 'A', '电子制造', '展会', '刘兵', '技术负责人', '13800000000', 'liubing', '技术负责人']);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
