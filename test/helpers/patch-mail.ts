/** A plain-text `git send-email` patch mail by a test author, around a diff written for a test. */
export function patchMailText(m: { subject: string; date: string; messageId: string; message: string; diff: string }): string {
  return [
    'From: Test Author <author@example.org>',
    'To: linux-mm@kvack.org',
    `Subject: ${m.subject}`,
    `Date: ${m.date}`,
    `Message-ID: <${m.messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    m.message,
    '',
    'Signed-off-by: Test Author <author@example.org>',
    '---',
    m.diff,
    '-- ',
    '2.40.0',
    '',
  ].join('\n');
}
