/**
 * The masked partner e-mail Ring shows the user (reference: `u***r@partner.example.com`): first letter of the local
 * part and of the domain's first label, the rest starred, the top-level domain kept: `jordan@example.com` ->
 * `j***@e***.com`. Never reveals more than two letters and the TLD.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${[...local][0]}***@${[...host][0]}***${tld}`;
}
