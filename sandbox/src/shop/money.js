// Amounts are integer cents inside the sandbox and decimal strings ("12.34")
// in answers, as the API writes them.

/** Cents to the API's decimal string ("-1.50"). */
export function money(cents) {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Decimal string to cents. */
export function cents(text) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text));
  if (!m) return NaN;
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? "0").padEnd(2, "0")));
}
