/**
 * Mail command injection: a line break followed by a mail header that adds recipients or content
 * (Bcc:, Cc:, To: ...) or by an SMTP or IMAP command, as sent into a form that feeds a mailer.
 */
/** Recipient headers with an address (what the attacker wants), or headers that restructure the mail. */
const HEADER =
  /(?:\r\n?|\n)[ \t]*(?:(?:bcc|cc|to|from|reply-to|sender)[ \t]*:[^\r\n@]{0,200}@|(?:content-type|mime-version|content-transfer-encoding|x-mailer)[ \t]*:)/i;
const SMTP =
  /(?:\r\n?|\n)[ \t]*(?:(?:RCPT[ \t]+TO|MAIL[ \t]+FROM)[ \t]*:|(?:DATA|QUIT|RSET|NOOP|EHLO|HELO|VRFY|EXPN|STARTTLS|AUTH[ \t]+\w+)[ \t]*(?:\r|\n|$))/;
const IMAP =
  /(?:\r\n?|\n)[ \t]*[A-Za-z0-9]{1,10}[ \t]+(?:CAPABILITY|FETCH|LOGIN|LOGOUT|SELECT|EXAMINE|LIST|LSUB|STORE|UID|APPEND|SEARCH|CREATE|DELETE|RENAME|AUTHENTICATE)\b/;

export function isMailInjection(value: string): boolean {
  return HEADER.test(value) || SMTP.test(value) || IMAP.test(value);
}
