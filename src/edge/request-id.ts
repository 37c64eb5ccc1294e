// One id per HTTP request, shared by the context, the logs, masked errors and the X-Request-Id
// response header. A caller's X-Request-Id is kept only when it is safe to log verbatim.
const ids = new WeakMap<Request, string>();
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && SAFE_ID.test(given) ? given : crypto.randomUUID();
    ids.set(request, id);
  }
  return id;
}
