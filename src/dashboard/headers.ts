/**
 * The headers every dashboard answer carries: no caching, no MIME sniffing, no referrer to
 * other sites, no framing, and a Content-Security-Policy that allows nothing but the page's own
 * stylesheet (by its hash), its own images and forms: the pages have no script at all, and the
 * SVG traces are drawn with presentation attributes only.
 */
import { createHash } from 'node:crypto';

/** The CSP of an HTML page whose only inline content is `<style>` elements with these texts. */
export function contentSecurityPolicy(styles: readonly string[] = []): string {
  const hashes = styles.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  return [
    "default-src 'none'",
    `style-src ${hashes.length ? hashes.join(' ') : "'none'"}`,
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(styles: readonly string[] = []): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(styles),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  };
}
