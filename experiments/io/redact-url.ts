/**
 * Credentials out of printed URLs (issue 25). A Redis password or an AWS secret key may hold `/`,
 * `:` or `@`, so a URL's user information is everything from `scheme://` to its LAST `@`: a rule
 * that stops at the first `/` prints the rest of a password in clear. The one redaction of URLs;
 * everything that prints or stores a URL a user typed goes through here.
 */

/**
 * A URL-like value as a user gave it (a flag, a variable), with everything before its last `@`
 * (after the scheme) replaced by `***`: `redis://:S3cret/Pass@host` -> `redis://***@host`. Also
 * for a malformed value, which may still hold a password. A path holding `@` is masked too: over-
 * redaction costs a less helpful message, under-redaction a secret.
 */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][\w+.-]*:\/\/)?[\s\S]*@/i, (_, scheme: string | undefined) => `${scheme ?? ''}***@`);
}

/**
 * Free text (an error message of a client library) with the credentials of every `scheme://...@`
 * in it replaced: each URL runs to the next white space or quote, and is masked to its last `@`.
 */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][\w+.-]*:\/\/)[^\s"'<>`]*@/gi, '$1***@');
}
