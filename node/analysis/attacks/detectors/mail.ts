/**
 * Mail command injection: a line break followed by a mail header that adds recipients or content
 * (Bcc:, Cc:, To: ...) or by an SMTP, POP3 or IMAP command, as sent into a form that feeds a
 * mailer or a webmail (docs/detection.md, "The rce language round, third session").
 */
/** Recipient headers with an address (what the attacker wants), or headers that restructure the mail. */
const HEADER =
  /(?:\r\n?|\n)[ \t]*(?:(?:bcc|cc|to|from|reply-to|sender)[ \t]*:[^\r\n@]{0,200}@|(?:content-type|mime-version|content-transfer-encoding|x-mailer)[ \t]*:)/i;
/**
 * SMTP commands as RFC 5321 writes them, upper case: alone, or with the argument each takes
 * (`EHLO client.example`, `VRFY user`, `AUTH PLAIN <base64>`).
 */
const SMTP =
  /(?:\r\n?|\n)[ \t]*(?:(?:RCPT[ \t]+TO|MAIL[ \t]+FROM)[ \t]*:|(?:DATA|QUIT|RSET|NOOP|EHLO|HELO|VRFY|EXPN|STARTTLS|(?:EHLO|HELO)[ \t]+[\w.[\]:-]{1,255}|(?:VRFY|EXPN)[ \t]+\S{1,255}|AUTH[ \t]+[\w-]+(?:[ \t]+[A-Za-z0-9+/]+={0,2})?)[ \t]*(?:\r|\n|$))/;
/**
 * POP3 commands (RFC 1939), upper case, with their arguments' shapes: a message number
 * (`RETR 123`, `DELE 2`, `LIST 3`), a number and a line count (`TOP 1 2`), a name and an MD5
 * digest (`APOP name 7d0a...`); prose has no line that is a verb and numbers in capitals. Not the
 * commands without an argument (`STAT` is also a physician's "at once").
 */
const POP3 =
  /(?:\r\n?|\n)[ \t]*(?:(?:RETR|DELE|LIST|UIDL)[ \t]+\d{1,10}|TOP[ \t]+\d{1,10}[ \t]+\d{1,10}|APOP[ \t]+\S{1,64}[ \t]+[0-9a-f]{32})[ \t]*(?:\r|\n|$)/;
const IMAP =
  /(?:\r\n?|\n)[ \t]*[A-Za-z0-9]{1,10}[ \t]+(?:CAPABILITY|FETCH|LOGIN|LOGOUT|SELECT|EXAMINE|LIST|LSUB|STORE|UID|APPEND|SEARCH|CREATE|DELETE|RENAME|AUTHENTICATE)\b/;
/**
 * IMAP commands in any case (RFC 9051 reads them so), each with the arguments only IMAP gives
 * it: a tag as clients make them (`a001`, `A1`), then a range of messages for COPY/FETCH/STORE
 * (`a002 copy 2:4 MEETING`, `a001 uid store 231:233`), a status item list (`STATUS INBOX
 * (MESSAGES)`), a SASL mechanism (`authenticate PLAIN`), a reference and a pattern (`list "" "*"`);
 * or with any tag, STORE of a flag list (`d store 2 +FLAGS (\Deleted)`). "A4 copy paper", "B2
 * store 5 boxes" and "A1 status update (draft)" have none of these.
 */
const IMAP_ANY_CASE =
  /(?:\r\n?|\n)[ \t]*(?:[A-Za-z]{1,4}\d{1,6}[ \t]+(?:(?:uid[ \t]+)?(?:copy|move|fetch|store)[ \t]+\d{1,10}(?::(?:\d{1,10}|\*))(?:,[\d*:]{1,20}){0,8}(?=[ \t\r\n]|$)|status[ \t]+\S{1,100}[ \t]+\((?:messages|recent|uidnext|uidvalidity|unseen|size|deleted)\b|authenticate[ \t]+(?:PLAIN|LOGIN|CRAM-MD5|DIGEST-MD5|GSSAPI|XOAUTH2|OAUTHBEARER|NTLM|EXTERNAL|ANONYMOUS|SCRAM-[\w-]{1,20})\b|list[ \t]+"[^"\r\n]{0,100}"[ \t]+"[^"\r\n]{0,100}")|[A-Za-z0-9]{1,10}[ \t]+(?:uid[ \t]+)?store[ \t]+[\d*][\d*:,]{0,40}[ \t]+[+-]?flags(?:\.silent)?[ \t]+\()/i;

export function isMailInjection(value: string): boolean {
  if (!(HEADER.test(value) || SMTP.test(value) || IMAP.test(value) || POP3.test(value) || IMAP_ANY_CASE.test(value)))
    return false;
  return !isWholeMessage(value);
}

/**
 * A whole message as RFC 5322 writes it: header fields from the first character (`Name: value`,
 * folded lines starting with a blank), at least three and one of them `From:` (the one field
 * every message has), then an empty line and the body. That is what
 * webmail drafts, JMAP and Gmail API uploads (`raw`, base64url) and message/rfc822 bodies carry;
 * its header lines are the message's own, and MIME parts repeat them after each boundary. An
 * injection puts a line break into one header's value (`alice@example.com\r\nBcc: ...`,
 * `Subject\nRCPT TO:...`), so it opens with that value, not with a header field
 * (docs/detection.md, "The false-positive round, third session (branch i18-fpr3)").
 */
const HEADER_FIELD = /[!-9;-~]{1,76}:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*\r?\n/y;
function isWholeMessage(value: string): boolean {
  let at = 0;
  let from = false;
  for (let fields = 0; fields < 200; fields++) {
    const c = value.charCodeAt(at);
    if (c === 0x0a || (c === 0x0d && value.charCodeAt(at + 1) === 0x0a)) return fields >= 3 && from;
    HEADER_FIELD.lastIndex = at;
    const m = HEADER_FIELD.exec(value);
    if (m === null) return false;
    from ||= (m[0].charCodeAt(0) | 0x20) === 0x66 && /^from:/i.test(m[0]);
    at = HEADER_FIELD.lastIndex;
  }
  return false;
}

/**
 * POP3 commands with a message number in any case (`list 3`, `retr 1`, `top 1 2`), a line of their
 * own, for points where a line break cannot be typed (the URL, headers, cookies, names): there the
 * break is injected, and a line that is a verb and numbers is a command (docs/detection.md,
 * "i18-code"). In form and JSON text a person's line `list 3` may be a note, so it is not read there.
 */
const POP3_ANY_CASE =
  /(?:\r\n?|\n)[ \t]*(?:(?:retr|dele|list|uidl)[ \t]+\d{1,10}|top[ \t]+\d{1,10}[ \t]+\d{1,10})[ \t]*(?:\r|\n|$)/i;

export function isPop3CommandLine(value: string): boolean {
  return POP3_ANY_CASE.test(value);
}
