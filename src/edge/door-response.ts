// The answer of the door: a small HTML page for browsers, a GraphQL error body for API clients.
/** What the door answers with: an AppError, or the masked stand-in for an unexpected failure. */
export interface Refusal {
  message: string;
  code: string;
  extensions: { http?: unknown };
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  403: 'Access suspended',
  404: 'Not found',
  503: 'Not ready yet',
};

interface HttpExtension {
  status?: number;
  headers?: Record<string, string>;
}

export function wantsHtml(request: Request): boolean {
  return (request.headers.get('accept') ?? '').toLowerCase().includes('text/html');
}

export function doorResponse(error: Refusal, request: Request, fetchAPI: { Response: typeof Response }): Response {
  const http = (error.extensions.http ?? {}) as HttpExtension;
  const status = http.status ?? 400;
  // A refusal depends on the tenant's state, which changes: no cache may keep it.
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...http.headers };
  if (wantsHtml(request)) {
    headers['content-type'] = 'text/html; charset=utf-8';
    return new fetchAPI.Response(htmlPage(TITLES[status] ?? 'Request refused', error.message, error.code), {
      status,
      headers,
    });
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  const body = { errors: [{ message: error.message, extensions: { code: error.code } }] };
  return new fetchAPI.Response(JSON.stringify(body), { status, headers });
}

function htmlPage(title: string, message: string, code: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#222}h1{font-size:1.5rem}code{color:#777}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p><code>${escapeHtml(code)}</code></p>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
