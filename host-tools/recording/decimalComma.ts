// A decimal comma ("0,95"), as spreadsheets and loggers write numbers in locales whose decimal mark
// is the comma. In a file separated by semicolons or tabs a comma in a number can be nothing else.
// In a comma-separated file such a number is quoted ("0,95"), and a comma with three digits after
// it ("1,234") may as well be a thousands separator: the file's other numbers tell which.

/** digits, one comma, digits (an exponent after them, as some tools write it) */
const COMMA_DECIMAL = /^\s*[+-]?\d+,\d+(?:[eE][+-]?\d+)?\s*$/;
/** what a thousands separator also writes: 1 to 3 digits, not a lone 0, then a comma and 3 digits */
const THOUSANDS_LIKE = /^\s*[+-]?[1-9]\d{0,2},\d{3}\s*$/;

/** the number a cell writes with a decimal comma; undefined where it writes none so */
export function decimalCommaValue(text: string): number | undefined {
  if (!COMMA_DECIMAL.test(text)) return undefined;
  return Number(text.replace(',', '.'));
}

/** a cell a thousands separator could have written as well as a decimal comma ('1,234') */
export function isThousandsLike(text: string): boolean {
  return THOUSANDS_LIKE.test(text);
}
