/**
 * The fields of one CSV line (RFC 4180 quoting: `"a,b"` is one field, `""` inside quotes is a
 * quote). Fields may not span lines, which holds for every format we read. Returns `undefined`
 * for an unterminated quote, so the caller can name the line.
 */
export function csvFields(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (line[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') fields.push(field), (field = '');
    else field += c;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
